package dev.quicksilver.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber of the tests: the data of each event a real hub sends on one topic. */
final class SseStream implements AutoCloseable {
    private final HttpResponse<java.io.InputStream> response;
    private final BlockingQueue<String> data = new LinkedBlockingQueue<>();

    private SseStream(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-test");
        reader.setDaemon(true);
        reader.start();
    }

    static SseStream open(String hubUrl, String topic) throws IOException, InterruptedException {
        URI uri = URI.create(hubUrl + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("subscription refused: " + response.statusCode());
        }
        return new SseStream(response);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            StringBuilder event = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) {
                    event.append(event.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                } else if (line.isEmpty() && event.length() > 0) {
                    data.add(event.toString());
                    event.setLength(0);
                }
            }
        } catch (IOException e) {
            // the stream ended
        }
    }

    /** The next event's data; fails after 10 s. */
    String next() throws InterruptedException {
        String next = data.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no event within 10 s");
        }
        return next;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
