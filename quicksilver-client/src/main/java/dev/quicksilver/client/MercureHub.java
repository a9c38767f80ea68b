package dev.quicksilver.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Publishes updates to one hub (draft-08 "Publication"): a form POST with a bearer token, answered
 * by the update's id.
 *
 * <p>Connection errors, 5xx and 429 are retried with exponential backoff, a bounded number of
 * times, honouring {@code Retry-After} (RFC 9110 section 10.2.3). A retry is safe because the
 * client gives every update an id ({@code urn:uuid:}, RFC 9562) before the first attempt: a hub
 * that stored the first attempt sees the same id again, and subscribers can drop the duplicate.
 */
public final class MercureHub implements Publisher {
    private final URI url;
    private final String publicUrl;
    private final TokenProvider tokens;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private MercureHub(Builder b) {
        this.url = b.url;
        this.publicUrl = b.publicUrl == null ? b.url.toString() : b.publicUrl;
        this.tokens = b.tokens;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.http = ClientSettings.httpClient(b.http, b.url, HttpClient.Version.HTTP_2, b.connectTimeout, b.sslContext);
    }

    /** A hub at this URL (e.g. {@code https://hub.example.com/.well-known/mercure}). */
    public static Builder builder(String url) {
        return new Builder(URI.create(Objects.requireNonNull(url, "url")));
    }

    /** The URL publishes go to. */
    public URI url() {
        return url;
    }

    /** The URL subscribers use (and access tokens name in {@code aud}); the publish URL unless set. */
    @Override
    public String publicUrl() {
        return publicUrl;
    }

    /**
     * Publishes and waits: returns the update's id as the hub answers it.
     *
     * @throws PublishException the hub refused it, or did not answer after the retries
     */
    @Override
    public String publish(Update update) {
        try {
            return publishAsync(update).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(0, "", "Interrupted while publishing " + update, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Publishes without blocking; the future fails with a {@link PublishException}. */
    @Override
    public CompletableFuture<String> publishAsync(Update update) {
        Objects.requireNonNull(update, "update");
        Update withId = update.id() == null ? update.withId("urn:uuid:" + UUID.randomUUID()) : update;
        String form = form(withId);
        return attempt(withId, form, 0);
    }

    private CompletableFuture<String> attempt(Update update, String form, int retry) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + tokens.token())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        // A timeout may have reached the hub; a retry carries the same id, so it is safe.
                        if (retry < maxRetries && (cause instanceof IOException)) {
                            return later(backoff(retry)).thenCompose(x -> attempt(update, form, retry + 1));
                        }
                        String what = cause instanceof HttpTimeoutException ? "No answer in time from " : "Cannot reach ";
                        return CompletableFuture.<String>failedFuture(new PublishException(0, "",
                                what + url + " publishing " + update + ": " + cause, cause));
                    }
                    int status = response.statusCode();
                    if (status == 200) {
                        return CompletableFuture.completedFuture(response.body());
                    }
                    if ((status >= 500 || status == 429) && retry < maxRetries) {
                        Duration wait = retryAfter(response).orElse(backoff(retry));
                        return later(wait).thenCompose(x -> attempt(update, form, retry + 1));
                    }
                    return CompletableFuture.<String>failedFuture(new PublishException(status, response.body(),
                            "The hub answered " + status + " to " + update + ": " + response.body().strip(), null));
                })
                .thenCompose(f -> f);
    }

    /** The initial backoff doubled per retry, capped. */
    private Duration backoff(int retry) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(retry, 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** {@code Retry-After} in seconds or as an HTTP date, capped at the maximum backoff. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(v -> {
            Duration d;
            try {
                d = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                try {
                    d = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (DateTimeParseException e2) {
                    return Optional.empty(); // unreadable: the backoff applies
                }
            }
            if (d.isNegative()) {
                d = Duration.ZERO;
            }
            return Optional.of(d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
        });
    }

    private static CompletableFuture<Void> later(Duration wait) {
        Executor delayed = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> { }, delayed);
    }

    /** The publish form (draft-08 "Publication"; {@code target} from draft-04 for seed-era hubs). */
    static String form(Update u) {
        StringBuilder f = new StringBuilder();
        for (String t : u.topics()) {
            field(f, "topic", t);
        }
        field(f, "data", u.data());
        if (u.isPrivate()) {
            field(f, "private", "on");
        }
        if (u.id() != null) {
            field(f, "id", u.id());
        }
        if (u.type() != null) {
            field(f, "type", u.type());
        }
        if (u.retry() != null) {
            field(f, "retry", Long.toString(u.retry()));
        }
        for (String t : u.targets()) {
            field(f, "target", t);
        }
        return f.toString();
    }

    private static void field(StringBuilder f, String name, String value) {
        if (f.length() > 0) {
            f.append('&');
        }
        f.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static PublishException unwrap(Throwable t) {
        if (t instanceof PublishException) {
            return (PublishException) t;
        }
        if (t instanceof CompletionException && t.getCause() instanceof PublishException) {
            return (PublishException) t.getCause();
        }
        return new PublishException(0, "", "Publishing failed: " + t, t);
    }

    /** The hub's URL, token and connection settings. */
    public static final class Builder {
        private final URI url;
        private String publicUrl;
        private TokenProvider tokens;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private SSLContext sslContext;
        private HttpClient http;

        private Builder(URI url) {
            String scheme = url.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("A hub URL is http or https: " + url);
            }
            this.url = url;
        }

        public Builder tokens(TokenProvider value) {
            tokens = Objects.requireNonNull(value, "tokens");
            return this;
        }

        /** Always this token. */
        public Builder token(String value) {
            return tokens(TokenProvider.of(value));
        }

        /** Tokens minted by this factory, each reused until shortly before it expires. */
        public Builder tokens(TokenFactory factory) {
            return tokens(TokenProvider.cached(factory));
        }

        /** The URL subscribers use, when it differs from the publish URL (e.g. behind a proxy). */
        public Builder publicUrl(String value) {
            publicUrl = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = ClientSettings.positive(value, "connectTimeout");
            return this;
        }

        /** How long one attempt may wait for the hub's answer. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = ClientSettings.positive(value, "requestTimeout");
            return this;
        }

        /** How many times a publish is retried after the first attempt (0: never). */
        public Builder maxRetries(int value) {
            if (value < 0 || value > 20) {
                throw new IllegalArgumentException("maxRetries is 0 to 20: " + value);
            }
            maxRetries = value;
            return this;
        }

        /** The first wait before a retry (doubled each time), and the longest any wait may be. */
        public Builder backoff(Duration initial, Duration max) {
            initialBackoff = ClientSettings.positive(initial, "initial backoff");
            maxBackoff = ClientSettings.positive(max, "max backoff");
            return this;
        }

        /** The TLS context (trusted certificates, client certificate) for an https hub. */
        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** A client of the application's own; the connect timeout and TLS context are then its. */
        public Builder httpClient(HttpClient value) {
            http = value;
            return this;
        }

        public MercureHub build() {
            if (tokens == null) {
                throw new IllegalArgumentException("A hub needs a token provider: publishing always needs a token.");
            }
            return new MercureHub(this);
        }

    }
}
