package dev.quicksilver.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A 1.0 hub's OAuth 2.0 protected resource metadata (RFC 9728): which authorization servers issue
 * its tokens, how to send them, and Mercure's additions: {@code mercure_cookie}, the cookie a
 * browser sends the access token in, and {@code mercure_subscriptions}, whether the subscriptions
 * API is served.
 *
 * @param resource the hub's public URL (its resource identifier)
 * @param authorizationServers the issuers of its access tokens
 * @param bearerMethodsSupported how a token may be sent ({@code header}...)
 * @param cookieName the cookie for access tokens, or null when not advertised
 * @param subscriptions whether the hub serves the subscriptions API
 * @param document the whole document, for other members
 */
public record ProtectedResourceMetadata(String resource, List<String> authorizationServers,
        List<String> bearerMethodsSupported, @Nullable String cookieName, boolean subscriptions,
        Map<String, Object> document) {

    /** Where the metadata of this resource is (RFC 9728 section 3.1): the well-known path on its origin, then its path. */
    public static URI url(String resource) {
        URI uri = URI.create(resource);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getHost() == null) {
            throw new IllegalArgumentException("A resource identifier is an absolute URL without query or fragment: "
                    + resource);
        }
        String path = uri.getRawPath() == null || "/".equals(uri.getRawPath()) ? "" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/oauth-protected-resource"
                + path);
    }

    /**
     * Fetches the metadata of the hub whose public URL is {@code resource} and checks that it is
     * about that hub: RFC 9728 section 3.3 requires {@code resource} to be the identifier the URL
     * was built from, so a document served for another resource is not trusted.
     *
     * @throws IOException not found, not JSON, or about another resource
     */
    public static ProtectedResourceMetadata fetch(HttpClient http, String resource)
            throws IOException, InterruptedException {
        URI url = url(resource);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": no protected resource metadata");
        }
        ProtectedResourceMetadata m = parse(response.body());
        if (!m.resource().equals(resource)) {
            throw new IOException("The metadata at " + url + " is about " + m.resource() + ", not " + resource
                    + " (RFC 9728 section 3.3): not used.");
        }
        return m;
    }

    /** Reads a metadata document. */
    static ProtectedResourceMetadata parse(String json) throws IOException {
        try {
            Map<String, Object> doc = JSONObjectUtils.parse(json);
            String resource = JSONObjectUtils.getString(doc, "resource");
            if (resource == null) {
                throw new IOException("Protected resource metadata without \"resource\" (RFC 9728 section 2).");
            }
            List<String> servers = JSONObjectUtils.getStringList(doc, "authorization_servers");
            List<String> methods = JSONObjectUtils.getStringList(doc, "bearer_methods_supported");
            Object subscriptions = doc.get("mercure_subscriptions");
            return new ProtectedResourceMetadata(resource, servers == null ? List.of() : List.copyOf(servers),
                    methods == null ? List.of() : List.copyOf(methods), JSONObjectUtils.getString(doc, "mercure_cookie"),
                    Boolean.TRUE.equals(subscriptions),
                    Collections.unmodifiableMap(new LinkedHashMap<>(doc))); // JSON null values: no Map.copyOf
        } catch (ParseException e) {
            throw new IOException("Not protected resource metadata: " + e.getMessage(), e);
        }
    }

    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
    }
}
