package dev.quicksilver.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.client.HubRegistry;
import dev.quicksilver.client.PublishException;
import dev.quicksilver.client.Update;
import dev.quicksilver.server.embedded.EmbeddedHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class MercureAutoConfigurationTest {
    private static final AutoConfigurations ALL = AutoConfigurations.of(MercureAutoConfiguration.class,
            MercureWebAutoConfiguration.class, MercureHealthAutoConfiguration.class, MercureMetricsAutoConfiguration.class);
    private static final String SECRET = "a publisher secret of at least 32 bytes!";

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL);

    @Test
    void withoutAHubTheStarterMakesNoBean() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MercurePublisher.class).doesNotHaveBean(HubRegistry.class)
                    .doesNotHaveBean(MercureHubs.class).doesNotHaveBean(EmbeddedHub.class);
        });
    }

    @Test
    void oneHubFromPropertiesIsTheDefault() {
        runner.withPropertyValues("mercure.hubs.main.url=https://hub.example.com/.well-known/mercure",
                "mercure.hubs.main.jwt.secret=" + SECRET).run(context -> {
                    assertThat(context.getBean(HubRegistry.class).defaultName()).isEqualTo("main");
                    assertThat(context.getBean(HubRegistry.class).getDefault().publicUrl())
                            .isEqualTo("https://hub.example.com/.well-known/mercure");
                    assertThat(context.getBean(MercurePublisher.class).defaultHub()).isEqualTo("main");
                    assertThat(context).hasSingleBean(MercureCookies.class);
                });
    }

    @Test
    void misconfiguredHubsStopTheApplicationNamingTheProperty() {
        runner.withPropertyValues("mercure.hubs.a.url=https://a.example.com/.well-known/mercure", "mercure.hubs.a.jwt.token=t",
                "mercure.hubs.b.url=https://b.example.com/.well-known/mercure", "mercure.hubs.b.jwt.token=t")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("mercure.default-hub"));
        runner.withPropertyValues("mercure.hubs.a.url=https://a.example.com/.well-known/mercure")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("mercure.hubs.a.jwt"));
        runner.withPropertyValues("mercure.hubs.a.url=https://a.example.com/.well-known/mercure",
                "mercure.hubs.a.jwt.secret=short").run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("mercure.hubs.a.jwt: HS256 needs a secret of at least 256 bits"));
    }

    @Test
    void theEmbeddedHubStartsWithTheContextTakesPublishesAndStopsWithIt() throws Exception {
        EmbeddedHub[] started = new EmbeddedHub[1];
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true",
                "mercure.embedded.settings.heartbeat=5s").run(context -> {
                    EmbeddedHub hub = context.getBean(EmbeddedHub.class);
                    started[0] = hub;
                    MercurePublisher publisher = context.getBean(MercurePublisher.class);
                    assertThat(publisher.defaultHub()).isEqualTo("embedded");
                    assertThat(context.getBean(HubRegistry.class).getDefault().publicUrl()).isEqualTo(hub.url().toString());
                    assertThat(context.getBean(MercureHubs.class).getDefault().publicUrl()).isEqualTo(hub.url().toString());
                    try (SseStream stream = SseStream.open(hub.url().toString(), "https://example.com/books/1")) {
                        publisher.publish(Update.of("{\"title\":\"Dune\"}", "https://example.com/books/1"));
                        assertThat(stream.next()).isEqualTo("{\"title\":\"Dune\"}");
                    }
                    assertThatThrownBy(() -> publisher.publish(Update.of("x", "*")))
                            .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.status()).isEqualTo(400));
                });
        int port = started[0].port();
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.getLocalPort()).as("the port is released when the context closes").isEqualTo(port);
        }
    }

    @Test
    void theEmbeddedHubNeedsTheServerModuleAndItsSwitch() {
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true")
                .withClassLoader(new FilteredClassLoader(EmbeddedHub.class))
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("needs dev.quicksilver:quicksilver-server"));
        runner.withPropertyValues("mercure.embedded.anonymous=true")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedHub.class));
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.settings.heartbeet=5s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("heartbeet"));
    }

    @Test
    void publishesAreTimedAndCountedByHubAndOutcome() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true").run(context -> {
                    MercurePublisher publisher = context.getBean(MercurePublisher.class);
                    publisher.publish(Update.of("one", "https://example.com/1"));
                    publisher.publish(Update.of("two", "https://example.com/2"));
                    assertThatThrownBy(() -> publisher.publish(Update.of("x", "*"))).isInstanceOf(PublishException.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("mercure.publish").tags("hub", "embedded", "outcome", "success").timer().count())
                            .isEqualTo(2);
                    assertThat(registry.get("mercure.publish").tags("hub", "embedded", "outcome", "refused").timer().count())
                            .isEqualTo(1);
                });
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true")
                .run(context -> assertThat(context).doesNotHaveBean(PublishObserver.class));
    }

    @Test
    void eachHubHasAHealthIndicatorWhenActuatorIsThere() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true",
                "mercure.hubs.gone.url=http://127.0.0.1:" + closed + "/.well-known/mercure", "mercure.hubs.gone.jwt.token=t",
                "mercure.default-hub=embedded").run(context -> {
                    CompositeHealthContributor mercure = (CompositeHealthContributor) context.getBean("mercureHealthContributor",
                            HealthContributor.class);
                    assertThat(((HealthIndicator) mercure.getContributor("embedded")).health().getStatus()).isEqualTo(Status.UP);
                    assertThat(((HealthIndicator) mercure.getContributor("gone")).health().getStatus()).isEqualTo(Status.DOWN);
                });
        runner.withPropertyValues("mercure.embedded.enabled=true", "mercure.embedded.anonymous=true")
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("mercureHealthContributor"));
    }

    @Test
    void servletApplicationsAdvertiseTheHubInALinkHeader() {
        WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(ALL).withPropertyValues(
                "mercure.hubs.main.url=http://hub:3000/.well-known/mercure", "mercure.hubs.main.jwt.token=t",
                "mercure.hubs.main.public-url=https://example.com/.well-known/mercure");
        web.run(context -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            context.getBean(MercureDiscoveryFilter.class).doFilter(new MockHttpServletRequest("GET", "/books/1"), response,
                    new MockFilterChain());
            assertThat(response.getHeaders("Link")).containsExactly("<https://example.com/.well-known/mercure>; rel=\"mercure\"");
        });
        web.withPropertyValues("mercure.discovery.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MercureDiscoveryFilter.class));
        runner.withPropertyValues("mercure.hubs.main.url=http://hub:3000/.well-known/mercure", "mercure.hubs.main.jwt.token=t")
                .run(context -> assertThat(context).doesNotHaveBean(MercureDiscoveryFilter.class));
    }

    @Test
    void theAuthorizationCookieGrantsTheTopicsToTheHubsHostAndItsSubdomainsOnly() {
        runner.withPropertyValues("mercure.hubs.main.url=https://hub.example.com/.well-known/mercure",
                "mercure.hubs.main.jwt.secret=" + SECRET, "mercure.hubs.main.jwt.subscribe=https://example.com/public/{id}")
                .run(context -> {
                    MercureCookies cookies = context.getBean(MercureCookies.class);
                    ResponseCookie cookie = cookies.authorization("example.com", List.of("https://example.com/books/1"));
                    assertThat(cookie.getName()).isEqualTo("mercureAuthorization");
                    assertThat(cookie.getDomain()).isEqualTo("example.com");
                    assertThat(cookie.getPath()).isEqualTo("/.well-known/mercure");
                    assertThat(cookie.isHttpOnly()).isTrue();
                    assertThat(cookie.isSecure()).isTrue();
                    assertThat(cookie.getSameSite()).isEqualTo("Strict");
                    String claims = new String(Base64.getUrlDecoder().decode(cookie.getValue().split("\\.")[1]));
                    assertThat(claims).contains("\"subscribe\":[\"https://example.com/public/{id}\",\"https://example.com/books/1\"]");

                    assertThat(cookies.authorization("hub.example.com", List.of()).getDomain()).as("host-only").isNull();
                    assertThatThrownBy(() -> cookies.authorization("example.org", List.of("x")))
                            .isInstanceOf(IllegalArgumentException.class);
                    ResponseCookie clear = cookies.clear("example.com");
                    assertThat(clear.getMaxAge().isZero()).isTrue();
                    assertThat(clear.getValue()).isEmpty();
                });
        runner.withPropertyValues("mercure.hubs.v1.url=https://example.com/.well-known/mercure",
                "mercure.hubs.v1.jwt.secret=" + SECRET, "mercure.hubs.v1.jwt.issuer=https://example.com")
                .run(context -> assertThat(context.getBean(MercureCookies.class)
                        .authorization("example.com", List.of("https://example.com/books/1")).getName())
                        .isEqualTo("__Secure-mercure_access_token"));
        runner.withPropertyValues("mercure.hubs.main.url=https://hub.example.com/.well-known/mercure", "mercure.hubs.main.jwt.token=t")
                .run(context -> assertThatThrownBy(() -> context.getBean(MercureCookies.class).authorization("example.com",
                        List.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("jwt.secret"));
    }
}
