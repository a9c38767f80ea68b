package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.metrics.HubMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the debugger page asks the hub, served with the page only:
 *
 * <ul>
 *   <li>{@code /.well-known/mercure/debug/config}: which features the page can offer (playground,
 *       subscriptions, live view, cookie names, the audience and issuers a token needs). Nothing in
 *       it is a secret: a client learns all of it by trying. In demo mode it also names the hub's
 *       key when that key is one printed in public documentation (README's talk quick start, the
 *       reference hub's example), so the token builder can be pre-filled; any other key stays in
 *       the process.
 *   <li>{@code /.well-known/mercure/debug/stats}: a few counts for the live view (connections,
 *       publishes), where {@code /metrics} is already public on this port (the default) or in
 *       development (demo or playground): when the operator moved the metrics to a private
 *       listener, the hub's traffic is theirs to know, not every visitor's.
 * </ul>
 */
final class DebuggerData {
    static final String CONFIG_PATH = StaticPages.DEBUGGER_PATH + "config";
    static final String STATS_PATH = StaticPages.DEBUGGER_PATH + "stats";
    /**
     * Keys printed in public documentation for trying a hub out: README's talk quick start and the
     * reference hub's example configuration. Knowing one of them tells a visitor nothing new.
     */
    static final Set<String> DOCUMENTED_KEYS = Set.of("!ChangeMe!", "!ChangeThisMercureHubJWTSecretKey!");

    private final HubConfig config;
    private final Supplier<String> publicUrl;
    private final HubMetrics metrics;
    private final Responses responses;
    private final boolean stats;

    DebuggerData(HubConfig config, Supplier<String> publicUrl, HubMetrics metrics, Responses responses) {
        this.config = config;
        this.publicUrl = publicUrl;
        this.metrics = metrics;
        this.responses = responses;
        this.stats = config.features().demo() || config.auth().playground()
                || (config.metrics().enabled() && config.metrics().addr() == null);
    }

    /** @return false when the path is not one of these */
    boolean handle(ChannelHandlerContext ctx, RequestHead request, String path) {
        if (path.equals(CONFIG_PATH)) {
            send(ctx, request, config());
            return true;
        }
        if (path.equals(STATS_PATH)) {
            if (!stats) {
                throw new HubException(404, "The live view is served where /metrics is (on this port, the default), "
                        + "or in demo or playground mode; this hub has metrics off or on their own listener "
                        + "(QUICKSILVER_METRICS_ADDR).");
            }
            HubMetrics.Summary now = metrics.summary();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subscribers", now.subscribers());
            body.put("subscriptions", now.subscriptions());
            body.put("updates_total", now.updates());
            body.put("deliveries_total", now.deliveries());
            body.put("history_events", now.historyEvents());
            send(ctx, request, body);
            return true;
        }
        return false;
    }

    private Map<String, Object> config() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("public_url", publicUrl.get());
        body.put("legacy", config.features().legacy());
        body.put("subscriptions", config.features().subscriptions());
        body.put("playground", config.auth().playground());
        body.put("demo", config.features().demo());
        body.put("stats", stats);
        body.put("anonymous", config.auth().anonymous());
        body.put("cookie_name", config.auth().cookieName());
        body.put("access_token_cookie", config.auth().accessTokenCookie());
        body.put("authorization_query", config.auth().authorizationQuery());
        Set<String> dialects = new TreeSet<>();
        List<String> issuers = new ArrayList<>();
        config.auth().publisherKeys().forEach(k -> dialects.add(label(k.dialect())));
        config.auth().subscriberKeys().forEach(k -> dialects.add(label(k.dialect())));
        for (IssuerSpec issuer : config.auth().issuers()) {
            dialects.add(label(issuer.dialect()));
            if (issuer.id() != null && issuer.dialect() == Dialect.OAUTH) {
                issuers.add(issuer.id());
            }
        }
        body.put("dialects", List.copyOf(dialects));
        body.put("issuers", issuers);
        KeySpec key = documentedKey();
        if (key != null) {
            body.put("development_key", Map.of("key", key.material(),
                    "alg", key.algorithm() == null ? "HS256" : key.algorithm(), "dialect", label(key.dialect())));
        }
        return body;
    }

    /** In demo mode, the HMAC key both roles share when it is a documented example key; else null. */
    private @Nullable KeySpec documentedKey() {
        if (!config.features().demo()) {
            return null;
        }
        List<KeySpec> publishers = config.auth().publisherKeys();
        List<KeySpec> subscribers = config.auth().subscriberKeys();
        if (publishers.size() != 1 || subscribers.size() != 1) {
            return null;
        }
        KeySpec key = publishers.get(0);
        boolean hmac = key.algorithm() == null || key.algorithm().toUpperCase(Locale.ROOT).startsWith("HS");
        return hmac && DOCUMENTED_KEYS.contains(key.material())
                && subscribers.get(0).material().equals(key.material()) ? key : null;
    }

    private static String label(Dialect dialect) {
        return dialect.name().toLowerCase(Locale.ROOT);
    }

    private void send(ChannelHandlerContext ctx, RequestHead request, Map<String, Object> body) {
        FullHttpResponse response = responses.response(HttpResponseStatus.OK, "application/json",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        responses.send(ctx, request, response);
    }
}
