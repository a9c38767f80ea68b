package dev.quicksilver.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Subscribes to a hub and keeps subscribed (draft-08 "Subscription" and "Reconnection"; WHATWG
 * HTML "Server-sent events" for the stream): events reach {@code onEvent} in order, parsed as a
 * browser would ({@link EventStreamParser}).
 *
 * <p>When the stream ends, breaks, or stays silent longer than the heartbeat timeout (a dead
 * connection a proxy or NAT forgot: the hub sends a comment at least every heartbeat), the
 * subscriber waits and connects again with {@code Last-Event-ID}, so the hub replays what was
 * missed from its history and nothing already received. The wait is the reconnection time (the
 * hub's {@code retry}, or the builder's), doubled after each failed attempt up to a maximum and
 * back to the reconnection time once a connection opens. Each connection asks the
 * {@link TokenProvider} again, so a token that expired is renewed. A refusal that a retry cannot
 * fix (401, 403, 400, 404...) stops the subscriber and reaches {@code onError}.
 *
 * <p>{@code onEvent} and {@code onError} are called one at a time, on the HTTP client's threads;
 * a slow listener slows the stream (back-pressure), it never loses events.
 */
public final class Subscriber implements AutoCloseable {
    private static final ScheduledExecutorService TIMERS = timers();

    private final URI uri;
    private final @Nullable TokenProvider tokens;
    private final @Nullable String cookieName;
    private final Duration maxBackoff;
    private final Duration heartbeatTimeout;
    private final Duration connectTimeout;
    private final Consumer<Event> onEvent;
    private final @Nullable Consumer<SubscribeException> onError;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile String lastEventId;
    private volatile long reconnectionMillis;
    private volatile int failures;
    private volatile @Nullable Connection current;
    private volatile HttpClient.@Nullable Version openedVersion;

    private Subscriber(Builder b) {
        this.uri = b.uri();
        this.tokens = b.tokens;
        this.cookieName = b.cookieName;
        this.maxBackoff = b.maxBackoff;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.connectTimeout = b.connectTimeout;
        this.onEvent = b.onEvent;
        this.onError = b.onError;
        this.lastEventId = b.lastEventId;
        this.reconnectionMillis = b.reconnectionTime.toMillis();
        this.http = ClientSettings.httpClient(b.http, b.hub, b.version, b.connectTimeout, b.sslContext);
    }

    /** A subscription to the hub at this URL (its public URL, e.g. {@code https://example.com/.well-known/mercure}). */
    public static Builder builder(String hubUrl) {
        return new Builder(URI.create(Objects.requireNonNull(hubUrl, "hubUrl")));
    }

    /** The id of the last event received: where a new subscription would resume. */
    public String lastEventId() {
        return lastEventId;
    }

    /** How many connections were opened (200 received) so far: 1, then one more per reconnection. */
    public int connections() {
        return connections.get();
    }

    /** The HTTP version of the last connection opened (null before the first). */
    HttpClient.@Nullable Version httpVersion() {
        return openedVersion;
    }

    /** The URL subscribed to, with its query. */
    public URI uri() {
        return uri;
    }

    /** Stops: closes the stream and never reconnects. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Connection c = current;
            if (c != null) {
                c.cancel();
            }
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void connect() {
        if (closed.get()) {
            return;
        }
        Connection connection = new Connection();
        current = connection;
        HttpRequest request;
        try {
            request = request();
        } catch (RuntimeException e) {
            // a token provider that failed (its authorization server is down, say): try again later
            connection.ended(new SubscribeException(0, "", true, "No request for " + uri + ": " + e, e));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                connection.ended(new SubscribeException(0, "", true, "Cannot reach " + uri + ": " + cause, cause));
            } else {
                connection.opened(response);
            }
        });
    }

    private HttpRequest request() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache").timeout(connectTimeout.plus(heartbeatTimeout));
        if (!lastEventId.isEmpty()) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (tokens != null) {
            String token = tokens.token(); // asked on every connection: renewed when it expired
            if (cookieName != null) {
                request.header("Cookie", cookieName + "=" + token);
            } else {
                request.header("Authorization", "Bearer " + token);
            }
        }
        return request.GET().build();
    }

    private void reconnectLater() {
        if (closed.get()) {
            return;
        }
        long wait = reconnectionMillis;
        // WHATWG "may apply exponential backoff": after failed attempts, longer waits, capped
        for (int i = 0; i < failures && wait < maxBackoff.toMillis(); i++) {
            wait *= 2;
        }
        wait = Math.min(wait, Math.max(maxBackoff.toMillis(), reconnectionMillis));
        failures++;
        TIMERS.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    private void report(SubscribeException e) {
        Consumer<SubscribeException> listener = onError;
        if (listener != null) {
            try {
                listener.accept(e);
            } catch (RuntimeException ignored) {
                // the listener's own failure must not stop the subscription
            }
        }
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "quicksilver-subscriber-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** One connection: its stream's bytes go through a parser; it ends once. */
    private final class Connection implements Flow.Subscriber<List<ByteBuffer>> {
        private final AtomicBoolean ended = new AtomicBoolean();
        private final EventStreamParser parser = new EventStreamParser(lastEventId, this::deliver,
                millis -> reconnectionMillis = millis);
        private volatile Flow.@Nullable Subscription subscription;
        private volatile @Nullable ScheduledFuture<?> watchdog;

        void opened(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status == 200 && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                openedVersion = response.version();
                connections.incrementAndGet();
                failures = 0;
                response.body().subscribe(this);
                return;
            }
            // read the hub's message, then decide: 5xx and 429 may pass, other refusals will not
            response.body().subscribe(new BodyText(text -> {
                boolean again = status >= 500 || status == 429 || status == 408;
                ended(new SubscribeException(status, text, again, "The hub answered " + status
                        + (status == 200 ? " with " + type + " instead of text/event-stream" : "") + " to " + uri + ": "
                        + text.strip(), null));
            }));
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed.get()) {
                s.cancel();
                return;
            }
            armWatchdog();
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            if (ended.get()) {
                return; // taken for dead and replaced: its late bytes would repeat what the next one replays
            }
            armWatchdog();
            for (ByteBuffer b : item) {
                parser.feed(b);
            }
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            ended(new SubscribeException(0, "", true, "The stream from " + uri + " broke: " + t, t));
        }

        @Override
        public void onComplete() {
            ended(new SubscribeException(0, "", true, "The hub ended the stream from " + uri, null));
        }

        private void deliver(Event event) {
            lastEventId = event.id();
            try {
                onEvent.accept(event);
            } catch (RuntimeException e) {
                report(new SubscribeException(0, "", true, "The event listener failed on " + event.id() + ": " + e, e));
            }
        }

        private void armWatchdog() {
            ScheduledFuture<?> previous = watchdog;
            if (previous != null) {
                previous.cancel(false);
            }
            watchdog = TIMERS.schedule(() -> {
                cancel();
                ended(new SubscribeException(0, "", true, "Nothing from " + uri + " in "
                        + heartbeatTimeout.toMillis() + " ms: the stream is taken for dead", null));
            }, heartbeatTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            ScheduledFuture<?> w = watchdog;
            if (w != null) {
                w.cancel(false);
            }
        }

        void ended(SubscribeException why) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            cancel();
            parser.end();
            if (closed.get()) {
                return;
            }
            if (!why.willReconnect()) {
                closed.set(true);
            }
            report(why);
            if (why.willReconnect()) {
                reconnectLater();
            }
        }
    }

    /** Collects a short refusal's body as text. */
    private static final class BodyText implements Flow.Subscriber<List<ByteBuffer>> {
        private static final int LIMIT = 8192;
        private final Consumer<String> done;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BodyText(Consumer<String> done) {
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            for (ByteBuffer b : item) {
                while (b.hasRemaining() && bytes.size() < LIMIT) {
                    bytes.write(b.get());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            onComplete();
        }

        @Override
        public void onComplete() {
            done.accept(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** What to subscribe to, how to authorize, and how to keep the stream alive. */
    public static final class Builder {
        private final URI hub;
        private final List<String[]> query = new ArrayList<>();
        private @Nullable TokenProvider tokens;
        private @Nullable String cookieName;
        private String lastEventId = "";
        private Duration reconnectionTime = Duration.ofSeconds(3);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration heartbeatTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private HttpClient.Version version = HttpClient.Version.HTTP_2;
        private @Nullable SSLContext sslContext;
        private @Nullable HttpClient http;
        private Consumer<Event> onEvent = e -> { };
        private @Nullable Consumer<SubscribeException> onError;

        private Builder(URI hub) {
            String scheme = hub.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("A hub URL is http or https: " + hub);
            }
            this.hub = hub;
        }

        /** A {@code topic=} selector (0.x and seed era: exact, {@code *} or URI Template). */
        public Builder topic(String selector) {
            return param("topic", selector);
        }

        /** A 1.0 {@code match=} selector: a topic compared exactly, or {@code *}. */
        public Builder match(String topic) {
            return param("match", topic);
        }

        /** A 1.0 {@code match_urlpattern=} selector: a WHATWG URL Pattern. */
        public Builder matchUrlPattern(String pattern) {
            return param("match_urlpattern", pattern);
        }

        private Builder param(String name, String value) {
            query.add(new String[] {name, Objects.requireNonNull(value, name)});
            return this;
        }

        /** A token in the {@code Authorization} header, asked on every connection. */
        public Builder tokens(TokenProvider value) {
            tokens = Objects.requireNonNull(value, "tokens");
            return this;
        }

        public Builder token(String value) {
            return tokens(TokenProvider.of(value));
        }

        /**
         * Send the token in this cookie instead of the header ({@link AuthorizationCookie#LEGACY_NAME}
         * or {@link AuthorizationCookie#ACCESS_TOKEN_NAME}), as a browser would.
         */
        public Builder cookie(String name) {
            cookieName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where to start: the hub sends what came after this id ({@code earliest}: all its history). */
        public Builder lastEventId(String value) {
            lastEventId = Objects.requireNonNull(value, "lastEventId");
            return this;
        }

        /**
         * The wait before reconnecting (3 s; the hub's {@code retry} replaces it) and the longest a
         * wait may grow to after failed attempts (30 s).
         */
        public Builder reconnect(Duration reconnectionTimeValue, Duration maxBackoffValue) {
            reconnectionTime = ClientSettings.positive(reconnectionTimeValue, "reconnection time");
            maxBackoff = ClientSettings.positive(maxBackoffValue, "max backoff");
            return this;
        }

        /**
         * How long the stream may stay silent before it is taken for dead and replaced (60 s): more
         * than the hub's heartbeat interval (40 s by default in Quicksilver).
         */
        public Builder heartbeatTimeout(Duration value) {
            heartbeatTimeout = ClientSettings.positive(value, "heartbeatTimeout");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = ClientSettings.positive(value, "connectTimeout");
            return this;
        }

        /** HTTP/2 (the default: over TLS by ALPN, falling back to HTTP/1.1) or HTTP/1.1. */
        public Builder version(HttpClient.Version value) {
            version = Objects.requireNonNull(value, "version");
            return this;
        }

        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** A client of the application's own; the version, connect timeout and TLS context are then its. */
        public Builder httpClient(HttpClient value) {
            http = value;
            return this;
        }

        /** Receives each event, in order. */
        public Builder onEvent(Consumer<Event> value) {
            onEvent = Objects.requireNonNull(value, "onEvent");
            return this;
        }

        /** Receives each failure: the connection's, before a reconnection, and the final one. */
        public Builder onError(Consumer<SubscribeException> value) {
            onError = value;
            return this;
        }

        /** Connects (without waiting for the hub's answer) and returns the running subscriber. */
        public Subscriber connect() {
            if (query.isEmpty()) {
                throw new IllegalArgumentException("A subscription needs a topic or match selector.");
            }
            Subscriber s = new Subscriber(this);
            s.connect();
            return s;
        }

        private URI uri() {
            StringBuilder q = new StringBuilder(hub.getRawQuery() == null ? "" : hub.getRawQuery());
            for (String[] p : query) {
                q.append(q.length() == 0 ? "" : "&").append(p[0]).append('=')
                        .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
            }
            String base = hub.toString();
            int cut = base.indexOf('?');
            return URI.create((cut < 0 ? base : base.substring(0, cut)) + "?" + q);
        }

    }
}
