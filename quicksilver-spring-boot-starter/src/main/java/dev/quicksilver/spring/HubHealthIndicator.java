package dev.quicksilver.spring;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One hub's health. An HTTP hub is up when it answers at all below 500: a subscription request
 * without a topic or token is refused (400 or 401) by every Mercure hub, which proves it is there
 * and serving, without holding a stream open. The embedded hub is up while it runs.
 */
final class HubHealthIndicator implements HealthIndicator {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HubEndpoint hub;

    HubHealthIndicator(HubEndpoint hub) {
        this.hub = hub;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder().withDetail("url", hub.url().toString());
        try {
            HttpRequest probe = HttpRequest.newBuilder(hub.url()).timeout(Duration.ofSeconds(3))
                    .header("Accept", "text/event-stream").GET().build();
            int status = HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            health.withDetail("status", status);
            return (status < 500 ? health.up() : health.down()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.down(e).build();
        } catch (Exception e) {
            return health.down(e).build();
        }
    }
}
