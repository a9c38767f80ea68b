package dev.quicksilver.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SSE client on the JDK HttpClient for tests: opens a stream, parses events as EventSource
 * does, and hands them out one by one. Also records comment lines (heartbeats) and the end of the
 * stream.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SseEvent END = new SseEvent("<end>", null, null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens a stream; the response status and headers are available at once. */
    public static SseClient open(URI uri, Map<String, String> headers) {
        return open(HTTP, uri, headers);
    }

    /** Opens a stream with this client (HTTPS, HTTP/2: several streams share its connection). */
    public static SseClient open(HttpClient client, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static SseClient open(URI uri) {
        return open(uri, Map.of());
    }

    public int status() {
        return response.statusCode();
    }

    public HttpClient.Version version() {
        return response.version();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The body of a refused subscription. */
    public String errorBody() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The next event, or null when none arrives in time or the stream ended. */
    public SseEvent next(Duration timeout) {
        try {
            SseEvent e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == END) {
                events.add(END);
                return null;
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public SseEvent next() {
        return next(Duration.ofSeconds(5));
    }

    /**
     * Every event up to and including the first whose data is this one, waiting up to the timeout
     * for each. Published last, such a marker shows what arrived before it without a quiet period
     * that a slow machine could exceed; the list ends early (without the marker) if it never came.
     */
    public List<SseEvent> until(String data, Duration timeout) {
        List<SseEvent> all = new ArrayList<>();
        for (SseEvent e = next(timeout); e != null; e = next(timeout)) {
            all.add(e);
            if (data.equals(e.data())) {
                break;
            }
        }
        return all;
    }

    /** Collects events until none arrives for the quiet period. */
    public List<SseEvent> drain(Duration quiet) {
        List<SseEvent> all = new ArrayList<>();
        for (SseEvent e = next(quiet); e != null; e = next(quiet)) {
            all.add(e);
        }
        return all;
    }

    /** The next comment line (without the colon), or null. */
    public String nextComment(Duration timeout) {
        try {
            return comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits for the server to end the stream; true if it did in time. Events are kept. */
    public boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ended;
    }

    private void read() {
        try {
            SseReader.read(response.body(), events::add, comments::add);
        } finally {
            ended = true;
            events.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
