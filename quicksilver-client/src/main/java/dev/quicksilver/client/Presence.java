package dev.quicksilver.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is subscribed: a client of the hub's subscriptions API (draft-08 "Subscription API"), in
 * both shapes. A 1.0 hub (or a 1.0 access token) answers JSON, its cursor in the {@code Link}
 * header's {@code last-event-id}, at {@code subscriptions/{match_type}/{match}}; a 0.x hub answers
 * JSON-LD with a {@code lastEventID} property, at {@code subscriptions/{topic}}. Both read into the
 * same {@link Listing}.
 *
 * <p>To follow presence without missing a change, read a listing, then subscribe to the
 * subscription events from its {@link Listing#lastEventId()}.
 */
public final class Presence {
    private final String hubUrl;
    private final TokenProvider tokens;
    private final HttpClient http;

    private Presence(String hubUrl, TokenProvider tokens, HttpClient http) {
        this.hubUrl = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
        this.tokens = tokens;
        this.http = http;
    }

    /**
     * The subscriptions API of the hub at this URL (e.g. {@code https://example.com/.well-known/mercure}),
     * asked with tokens that grant subscribing to the API's paths ({@code *} does).
     */
    public static Presence of(String hubUrl, TokenProvider tokens, HttpClient http) {
        return new Presence(Objects.requireNonNull(hubUrl, "hubUrl"), Objects.requireNonNull(tokens, "tokens"),
                Objects.requireNonNull(http, "http"));
    }

    /** One subscription: a subscriber's selector. */
    public record Subscription(String id, String subscriber, String matchType, String match, boolean active,
            @Nullable Object payload) {
    }

    /** A collection, with its cursor: the id to subscribe to the subscription events from. */
    public record Listing(String lastEventId, List<Subscription> subscriptions, boolean modern) {
    }

    /** Every subscription (the shape follows the token's era). */
    public Listing all() throws IOException, InterruptedException {
        return get("");
    }

    /** 0.x: the subscriptions to this topic selector. */
    public Listing topic(String topic) throws IOException, InterruptedException {
        return get("/" + segment(topic));
    }

    /** 1.0: the subscriptions with this selector; {@code matchType} is {@code exact} or {@code urlpattern}. */
    public Listing match(String matchType, String match) throws IOException, InterruptedException {
        if (!"exact".equals(matchType) && !"urlpattern".equals(matchType)) {
            throw new IllegalArgumentException("A match type is exact or urlpattern: " + matchType);
        }
        return get("/" + matchType + "/" + segment(match));
    }

    private Listing get(String rest) throws IOException, InterruptedException {
        URI uri = URI.create(hubUrl + "/subscriptions" + rest);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("The hub answered " + r.statusCode() + " to " + uri + ": " + r.body().strip());
        }
        try {
            Map<String, Object> doc = JSONObjectUtils.parse(r.body());
            List<Subscription> subscriptions = new ArrayList<>();
            Object items = doc.get("subscriptions");
            if (!(items instanceof List<?> list)) {
                throw new IOException("Not a subscriptions collection from " + uri + ": no \"subscriptions\" array");
            }
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    subscriptions.add(subscription(m));
                }
            }
            String cursor = JSONObjectUtils.getString(doc, "lastEventID");
            boolean modern = cursor == null;
            if (modern) {
                Discovery links = Discovery.of(uri, r.headers().allValues("Link"));
                cursor = links.hubs().isEmpty() ? "" : links.hub().lastEventId().orElse("");
            }
            return new Listing(cursor, List.copyOf(subscriptions), modern);
        } catch (ParseException | ClassCastException e) {
            throw new IOException("Not a subscriptions document from " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Either shape: 1.0's {@code match_type}/{@code match}, 0.x's {@code topic} (a "topic" match type). */
    private static Subscription subscription(Map<?, ?> m) {
        String matchType = (String) m.get("match_type");
        String match = (String) (matchType != null ? m.get("match") : m.get("topic"));
        return new Subscription(String.valueOf(m.get("id")), String.valueOf(m.get("subscriber")),
                matchType != null ? matchType : "topic", String.valueOf(match), Boolean.TRUE.equals(m.get("active")),
                m.get("payload"));
    }

    /** Percent-encodes a path segment: every byte but the unreserved ones (RFC 3986 section 2.3). */
    private static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
