package dev.quicksilver.core.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWK Set (RFC 7517) fetched from an issuer's {@code https://} URL, a {@code file://}
 * or, for tests and local development only, {@code http://} on a loopback host. Thread-safe.
 *
 * <p>Loading is lazy and never blocks a caller: nothing is fetched at construction; {@link #start()}
 * (or the first {@link #keys()}) starts the first fetch, and {@link #start()} completes when it has
 * finished, so a hub can wait for it with a timeout and still start when the issuer is down.
 *
 * <p>Fetches are rate-limited: at most one starts per {@code minRefreshInterval}, and concurrent
 * callers share the one in flight. The keys stay fresh for the response's {@code Cache-Control:
 * max-age} (bounded), else {@code defaultMaxAge}; after that {@link #keys()} still answers the stale
 * keys and refreshes in the background. A failed fetch or an unusable document keeps the previous
 * keys and is reported to the warning hook; a valid document replaces them all, so a rotated-out
 * {@code kid} disappears. Each instance has its own cache, HTTP client and thread: two sources never
 * share a key.
 */
public final class JwksKeySource implements KeySource, AutoCloseable {

    /** Tuning; {@link #defaults()} suits a public identity provider. */
    public record Tuning(Duration minRefreshInterval, Duration defaultMaxAge, Duration minMaxAge,
            Duration maxMaxAge, Duration fetchTimeout, int maxDocumentBytes, int maxKeys) {
        public Tuning {
            requirePositive(minRefreshInterval, "minRefreshInterval", true);
            requirePositive(defaultMaxAge, "defaultMaxAge", false);
            requirePositive(minMaxAge, "minMaxAge", true);
            requirePositive(maxMaxAge, "maxMaxAge", false);
            requirePositive(fetchTimeout, "fetchTimeout", false);
            if (minMaxAge.compareTo(maxMaxAge) > 0) {
                throw new IllegalArgumentException("minMaxAge " + minMaxAge + " exceeds maxMaxAge " + maxMaxAge);
            }
            if (maxDocumentBytes <= 0) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive");
            }
            if (maxKeys <= 0) {
                throw new IllegalArgumentException("maxKeys must be positive");
            }
        }

        /**
         * 30 s between fetches, 5 min default max-age bounded to 1 min..24 h, 5 s timeout, 1 MiB and
         * 5,000 keys: a 1 MiB document holds fewer than 3,000 RSA-2048 keys, so the key limit
         * binds only on sets of small (EC or symmetric) keys, whose parsing and per-token scan it
         * keeps bounded.
         */
        public static Tuning defaults() {
            return new Tuning(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1),
                    Duration.ofHours(24), Duration.ofSeconds(5), 1024 * 1024, 5000);
        }

        public Tuning withMinRefreshInterval(Duration d) {
            return new Tuning(d, defaultMaxAge, minMaxAge, maxMaxAge, fetchTimeout, maxDocumentBytes, maxKeys);
        }

        public Tuning withDefaultMaxAge(Duration d) {
            return new Tuning(minRefreshInterval, d, minMaxAge, maxMaxAge, fetchTimeout, maxDocumentBytes, maxKeys);
        }

        public Tuning withMaxAgeBounds(Duration min, Duration max) {
            return new Tuning(minRefreshInterval, defaultMaxAge, min, max, fetchTimeout, maxDocumentBytes, maxKeys);
        }

        public Tuning withFetchTimeout(Duration d) {
            return new Tuning(minRefreshInterval, defaultMaxAge, minMaxAge, maxMaxAge, d, maxDocumentBytes, maxKeys);
        }

        public Tuning withMaxDocumentBytes(int bytes) {
            return new Tuning(minRefreshInterval, defaultMaxAge, minMaxAge, maxMaxAge, fetchTimeout, bytes, maxKeys);
        }

        public Tuning withMaxKeys(int keys) {
            return new Tuning(minRefreshInterval, defaultMaxAge, minMaxAge, maxMaxAge, fetchTimeout, maxDocumentBytes, keys);
        }

        private static void requirePositive(Duration d, String name, boolean zeroAllowed) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new IllegalArgumentException(name + " must be positive, not " + d);
            }
        }
    }

    /** A fetched document and how long it stays fresh. */
    private record Document(byte[] body, Duration maxAge) {}

    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,18})\"?\\s*(?:,|$)");

    private final URI location;
    private final String description;
    private final TokenKey.Options options;
    private final Clock clock;
    private final Tuning tuning;
    private final Consumer<String> warnings;
    private final ThreadPoolExecutor executor;
    private final CompletableFuture<List<TokenKey>> firstLoad = new CompletableFuture<>();

    private volatile List<TokenKey> keys = List.of();
    /** When the keys become stale; null until a document has been loaded. */
    private volatile Instant freshUntil;
    /** When the next fetch may start; null before the first. Written under {@link #lock}. */
    private volatile Instant nextFetchAllowed;
    /** How soon a failed fetch may be tried again. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final Object lock = new Object();
    // Guarded by lock.
    private CompletableFuture<List<TokenKey>> inFlight;
    private HttpClient client;
    private boolean closed;
    private int fetchesStarted;

    /** A source with the default tuning that logs its warnings. */
    public JwksKeySource(URI location, TokenKey.Options options, Clock clock) {
        this(location, options, clock, Tuning.defaults(), null);
    }

    /**
     * @param location {@code https://…}, {@code file://…}, or {@code http://} on 127.0.0.0/8, ::1 or
     *     {@code localhost}
     * @param options the options (dialect, …) of every key of the set
     * @param warnings receives a message for each failed fetch or unusable document; null to log them
     * @throws IllegalArgumentException with a message for the operator when the location is not allowed
     */
    public JwksKeySource(URI location, TokenKey.Options options, Clock clock, Tuning tuning,
            Consumer<String> warnings) {
        this.location = checkLocation(Objects.requireNonNull(location, "location"));
        this.description = describe(location);
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.warnings = warnings != null ? warnings : LoggerFactory.getLogger(JwksKeySource.class)::warn;
        // One daemon thread at most, gone when idle: it reads files and runs the HTTP client's
        // callbacks, so no fetch ever runs on a caller's (an event loop's) thread.
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "quicksilver-jwks " + description);
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** The location as configured. */
    public URI location() {
        return location;
    }

    /**
     * The keys of the last document loaded (none before the first). Never blocks; when they are
     * stale, or none has loaded yet, starts a rate-limited refresh in the background.
     */
    @Override
    public List<TokenKey> keys() {
        Instant until = freshUntil;
        if (until == null || !clock.instant().isBefore(until)) {
            Instant allowed = nextFetchAllowed;
            // Checked without the lock first, so a stale cache costs every verification only a read.
            if (allowed == null || !clock.instant().isBefore(allowed)) {
                refresh();
            }
        }
        return keys;
    }

    @Override
    public CompletionStage<List<TokenKey>> start() {
        refresh();
        return firstLoad.minimalCompletionStage();
    }

    /**
     * Fetches the document again unless a fetch is in flight (then shares it) or one started less
     * than {@code minRefreshInterval} ago (then completes at once with the current keys). Completes
     * with the keys known afterwards; never exceptionally.
     */
    @Override
    public CompletionStage<List<TokenKey>> refresh() {
        CompletableFuture<List<TokenKey>> fetch;
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight.minimalCompletionStage();
            }
            Instant now = clock.instant();
            if (closed || (nextFetchAllowed != null && now.isBefore(nextFetchAllowed))) {
                return CompletableFuture.completedFuture(keys);
            }
            nextFetchAllowed = now.plus(tuning.minRefreshInterval());
            fetchesStarted++;
            fetch = new CompletableFuture<>();
            inFlight = fetch;
        }
        CompletableFuture<Document> document;
        try {
            document = fetch();
        } catch (RuntimeException e) {
            document = CompletableFuture.failedFuture(e);
        }
        document.orTimeout(tuning.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((doc, failure) -> finish(fetch, doc, failure));
        return fetch.minimalCompletionStage();
    }

    private void finish(CompletableFuture<List<TokenKey>> fetch, Document doc, Throwable failure) {
        try {
            if (failure != null) {
                warn("could not fetch the JWK Set, keeping the " + keys.size() + " known keys: " + reason(failure));
                retrySooner();
            } else {
                apply(doc);
            }
        } catch (RuntimeException e) {
            warn("unusable JWK Set, keeping the " + keys.size() + " known keys: " + e.getMessage());
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            List<TokenKey> now = keys;
            firstLoad.complete(now);
            fetch.complete(now);
        }
    }

    /**
     * A failed fetch (the issuer down at start-up, a network hiccup) may be retried after
     * {@link #RETRY_AFTER_FAILURE} rather than the whole refresh interval, so tokens signed while
     * the issuer comes back are not refused for long; still at most one fetch per few seconds.
     */
    private void retrySooner() {
        Duration wait = tuning.minRefreshInterval().compareTo(RETRY_AFTER_FAILURE) < 0
                ? tuning.minRefreshInterval() : RETRY_AFTER_FAILURE;
        synchronized (lock) {
            nextFetchAllowed = clock.instant().plus(wait);
        }
    }

    private void apply(Document doc) {
        List<TokenKey> parsed = parse(doc.body());
        keys = parsed;
        freshUntil = clock.instant().plus(doc.maxAge());
    }

    /** @throws IllegalArgumentException when the document is not a JWK Set */
    private List<TokenKey> parse(byte[] body) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        if (!(json.get("keys") instanceof List)) {
            throw new IllegalArgumentException("no \"keys\" array");
        }
        List<?> entries = (List<?>) json.get("keys");
        if (entries.size() > tuning.maxKeys()) {
            // Refused whole, before any key is parsed: keeping the first few would make which keys
            // work depend on their order in the document.
            throw new IllegalArgumentException("it holds " + entries.size() + " keys, more than the "
                    + tuning.maxKeys() + " this hub accepts");
        }
        List<TokenKey> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (!(entry instanceof Map)) {
                warn("skipping JWK #" + i + ": not a JSON object");
                continue;
            }
            JWK jwk;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) entry;
                jwk = JWK.parse(map);
            } catch (ParseException | RuntimeException e) {
                // One malformed key must not take the issuer's other keys down.
                warn("skipping JWK #" + i + ": " + e.getMessage());
                continue;
            }
            if (jwk.isPrivate() && !KeyType.OCT.equals(jwk.getKeyType())) {
                warn("JWK " + jwk.getKeyID() + " carries private key material; only its public part is used,"
                        + " but the issuer should not publish it");
            }
            result.addAll(TokenKey.fromJwk(jwk, options));
        }
        if (result.isEmpty()) {
            // Applied anyway: an issuer that empties its set revokes its keys.
            warn("the JWK Set has no key usable to verify signatures");
        }
        return List.copyOf(result);
    }

    private CompletableFuture<Document> fetch() {
        if ("file".equalsIgnoreCase(location.getScheme())) {
            Path path = Path.of(location);
            return CompletableFuture.supplyAsync(() -> new Document(readFile(path), tuning.defaultMaxAge()), executor);
        }
        return fetchHttp();
    }

    private byte[] readFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(tuning.maxDocumentBytes() + 1);
            if (bytes.length > tuning.maxDocumentBytes()) {
                throw new IllegalStateException(tooLarge());
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private CompletableFuture<Document> fetchHttp() {
        HttpRequest request = HttpRequest.newBuilder(location)
                .timeout(tuning.fetchTimeout())
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<LimitedBody> body = new CompletableFuture<>();
        CompletableFuture<Document> result = httpClient()
                .sendAsync(request, info -> {
                    LimitedBody b = new LimitedBody(tuning.maxDocumentBytes(), info.headers().firstValueAsLong("Content-Length"));
                    body.complete(b);
                    return b;
                })
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP status " + response.statusCode());
                    }
                    return new Document(response.body(), maxAge(response.headers().firstValue("Cache-Control").orElse(null)));
                });
        // A slow body outlives the request timeout (it covers only the headers): on our own timeout,
        // cancel the subscription so the connection is not held open.
        result.orTimeout(tuning.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((d, failure) -> {
            if (failure != null) {
                body.thenAccept(LimitedBody::cancel);
            }
        });
        return result;
    }

    private HttpClient httpClient() {
        synchronized (lock) {
            if (client == null) {
                // Redirects are not followed: a JWK Set's location is configuration, and a redirect
                // could lead a loopback http:// source off the machine.
                client = HttpClient.newBuilder()
                        .connectTimeout(tuning.fetchTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(executor)
                        .build();
            }
            return client;
        }
    }

    /** How many fetches have started, counted when they start (for tests). */
    int fetchesStarted() {
        synchronized (lock) {
            return fetchesStarted;
        }
    }

    /** The response's max-age within the bounds, else the default. */
    Duration maxAge(String cacheControl) {
        if (cacheControl != null) {
            Matcher m = MAX_AGE.matcher(cacheControl.trim());
            if (m.find()) {
                Duration d = Duration.ofSeconds(Long.parseLong(m.group(1)));
                if (d.compareTo(tuning.minMaxAge()) < 0) {
                    return tuning.minMaxAge();
                }
                return d.compareTo(tuning.maxMaxAge()) > 0 ? tuning.maxMaxAge() : d;
            }
        }
        return tuning.defaultMaxAge();
    }

    private String tooLarge() {
        return "the document exceeds " + tuning.maxDocumentBytes() + " bytes";
    }

    private void warn(String message) {
        try {
            warnings.accept("JWK Set " + description + ": " + message);
        } catch (RuntimeException ignored) {
            // A broken hook must not break key rotation.
        }
    }

    private static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException) {
            return "timed out";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Stops fetching; {@link #keys()} keeps answering the last keys. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            client = null;
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "JwksKeySource[" + description + "]";
    }

    // ---- location checks ------------------------------------------------------------------------

    /**
     * The location if a JWK Set may be fetched from it ({@code https://}, {@code file://}, or
     * {@code http://} on a loopback host). Public so that the configuration can refuse a bad URL
     * when it is loaded, naming the setting, rather than when the hub starts.
     *
     * @throws IllegalArgumentException with a message for the operator when it may not
     */
    public static URI checkLocation(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https":
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("the JWK Set URL " + uri + " has no host");
                }
                return uri;
            case "file":
                try {
                    Path.of(uri);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("the JWK Set URL " + uri + " is not a local file: "
                            + e.getMessage(), e);
                }
                return uri;
            case "http":
                if (!isLoopback(uri.getHost())) {
                    throw new IllegalArgumentException("the JWK Set URL " + uri + " uses plain http: use https"
                            + " (http is allowed only on localhost, 127.0.0.0/8 and ::1, for development)");
                }
                return uri;
            default:
                throw new IllegalArgumentException("the JWK Set URL " + uri + " must start with https:// or file://");
        }
    }

    /** Loopback by its literal form only: a host name other than localhost is never resolved here. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = literal.indexOf(':') >= 0 && literal.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return false;
        }
        try {
            // A literal address: getByName parses it without any DNS lookup.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The location without user info or query, which may hold credentials, for messages. */
    private static String describe(URI uri) {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return uri.getPath() == null ? uri.toString() : uri.getPath();
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    // ---- a body that is refused beyond the size limit ------------------------------------------

    private final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final OptionalLong declared;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        LimitedBody(int max, OptionalLong declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared.isPresent() && declared.getAsLong() > max) {
                // Refused before a byte is read.
                s.cancel();
                result.completeExceptionally(new IllegalStateException(tooLarge()));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IllegalStateException(tooLarge()));
                    return;
                }
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                buffer.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new TimeoutException());
        }
    }
}
