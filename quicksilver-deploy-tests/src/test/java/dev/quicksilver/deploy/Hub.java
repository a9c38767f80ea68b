package dev.quicksilver.deploy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Talks to a hub as a 0.x application does: HS256 tokens with a `mercure` claim, form-encoded publishes. */
final class Hub {
    /** The key of the hubs the tests start (the reference image's documented example is shorter than 32 bytes). */
    static final String KEY = "!ChangeThisMercureHubJWTSecretKey!";

    private Hub() {}

    /** A token whose `mercure` claim may publish and subscribe to every topic. */
    static String token() {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim("mercure", Map.of("publish", List.of("*"), "subscribe", List.of("*"))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a private update and returns its id, as the hub answers it. */
    static String publish(URI hub, String topic, String data) throws IOException, InterruptedException {
        String form = "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data="
                + URLEncoder.encode(data, StandardCharsets.UTF_8) + "&private=on";
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(hub).timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("publish to " + hub + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().strip();
    }

    /** Subscribes to one topic with the all-access token, from the start or after an event id. */
    static EventStream subscribe(URI hub, String topic, String lastEventId) throws IOException, InterruptedException {
        URI uri = URI.create(hub + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
        Map<String, String> headers = lastEventId == null ? Map.of("Authorization", "Bearer " + token())
                : Map.of("Authorization", "Bearer " + token(), "Last-Event-ID", lastEventId);
        EventStream stream = EventStream.open(uri, headers);
        if (stream.response().statusCode() != 200) {
            stream.close();
            throw new AssertionError("subscribe to " + uri + ": " + stream.response().statusCode());
        }
        return stream;
    }
}
