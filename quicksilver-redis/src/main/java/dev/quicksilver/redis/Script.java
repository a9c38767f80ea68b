package dev.quicksilver.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script of this module, run by its SHA-1 ({@code EVALSHA}) and sent whole ({@code EVAL})
 * only when Redis does not have it yet (a new or restarted server, a new cluster node): the
 * script is not sent with every publish.
 *
 * <p>A script whose order matters is {@linkplain #loadInto loaded} before its first run: commands
 * on one connection run in the order sent, but a command that fails {@code NOSCRIPT} is sent again
 * after the ones already on their way, so without the load a node's first publishes could
 * overtake each other. (After a Redis restart empties the script cache the same can happen among
 * publishes in flight at that moment; those are concurrent requests, which have no order between
 * them anyway.)
 */
final class Script {
    private final String text;
    private final String sha;

    private Script(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Script load(String resource) {
        try (InputStream in = Script.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the script in Redis's cache (every primary's, in a cluster). */
    CompletableFuture<String> loadInto(RedisClusterAsyncCommands<String, String> redis) {
        return redis.scriptLoad(text).toCompletableFuture();
    }

    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType output,
            String[] keys, String... args) {
        CompletableFuture<T> bySha = redis.<T>evalsha(sha, output, keys, args).toCompletableFuture();
        return bySha.handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(text, output, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }
}
