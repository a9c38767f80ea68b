package dev.quicksilver.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.MultiDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decrypts what an {@link UpdateEncrypter} encrypted, with the subscriber's private key, and
 * refuses a payload that is not fresh: older than the maximum age (5 minutes by default), more
 * than the clock skew (30 s) in the future, or whose nonce ({@code jti}) was already seen within
 * the maximum age. A replayed ciphertext (a hub or proxy sending the same event again, an attacker
 * re-publishing a captured one) is so refused. Nonces are remembered for the maximum age only,
 * so memory stays bounded by the rate of updates. A subscriber resuming from history
 * ({@code Last-Event-ID}) receives older updates: give it a maximum age that covers the history it
 * resumes from.
 *
 * <p>Only {@code ECDH-ES+A256KW} and {@code RSA-OAEP-256} with {@code A256GCM} are decrypted; a
 * JWE naming another algorithm ({@code RSA1_5}...) is refused before any decryption. Thread-safe.
 */
public final class UpdateDecrypter {
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final JWK key;
    private final JWEAlgorithm alg;
    private final Duration maxAge;
    private final Clock clock;
    /** Nonces seen, with when they may be forgotten, in the order they arrived. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    private UpdateDecrypter(JWK key, Duration maxAge, Clock clock) {
        if (!key.isPrivate()) {
            throw new EncryptionException("Decrypting needs the private key; " + key.getKeyID() + " is public.");
        }
        this.key = key;
        this.alg = UpdateEncrypter.algorithmFor(key);
        this.maxAge = ClientSettings.positive(maxAge, "maxAge");
        this.clock = clock;
    }

    /** Decrypts with this private key, accepting payloads up to 5 minutes old. */
    public static UpdateDecrypter with(JWK privateKey) {
        return with(privateKey, Duration.ofMinutes(5));
    }

    /** Decrypts with this private key, accepting payloads up to {@code maxAge} old. */
    public static UpdateDecrypter with(JWK privateKey, Duration maxAge) {
        return new UpdateDecrypter(Objects.requireNonNull(privateKey, "privateKey"), maxAge, Clock.systemUTC());
    }

    static UpdateDecrypter with(JWK privateKey, Duration maxAge, Clock clock) {
        return new UpdateDecrypter(privateKey, maxAge, clock);
    }

    /** A decrypted update: its data, the topic it was encrypted for, and when. */
    public record Decrypted(String data, String topic, Instant issuedAt) {
    }

    /**
     * Decrypts an event's data (compact or JSON serialization).
     *
     * @throws EncryptionException not for this key, a refused algorithm, tampered, stale or replayed
     */
    public Decrypted decrypt(String jwe) {
        Map<String, Object> payload;
        try {
            if (jwe.stripLeading().startsWith("{")) {
                JWEObjectJSON json = JWEObjectJSON.parse(jwe);
                check(json.getHeader());
                for (JWEObjectJSON.Recipient r : json.getRecipients()) {
                    Object a = r.getUnprotectedHeader() == null ? null : r.getUnprotectedHeader().getParam("alg");
                    if (a != null && !UpdateEncrypterAlgorithms.allowed(String.valueOf(a))) {
                        throw new EncryptionException("Refused: a recipient uses " + a + "; only ECDH-ES+A256KW and"
                                + " RSA-OAEP-256 with A256GCM are accepted.");
                    }
                }
                json.decrypt(new MultiDecrypter(key));
                payload = json.getPayload().toJSONObject();
            } else {
                JWEObject compact = JWEObject.parse(jwe);
                check(compact.getHeader());
                if (!alg.equals(compact.getHeader().getAlgorithm())) {
                    throw new EncryptionException("Refused: encrypted with " + compact.getHeader().getAlgorithm()
                            + ", this key decrypts " + alg + ".");
                }
                compact.decrypt(decrypter());
                payload = compact.getPayload().toJSONObject();
            }
        } catch (ParseException e) {
            throw new EncryptionException("Not a JWE: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new EncryptionException("Does not decrypt with key " + key.getKeyID() + ": " + e.getMessage(), e);
        }
        if (payload == null) {
            throw new EncryptionException("The decrypted payload is not a JSON object.");
        }
        return fresh(payload);
    }

    /** Refuses a header naming an algorithm or content encryption outside the two allowed. */
    private static void check(JWEHeader header) {
        if (header.getAlgorithm() != null && !UpdateEncrypterAlgorithms.allowed(header.getAlgorithm().getName())) {
            throw new EncryptionException("Refused: " + header.getAlgorithm() + "; only ECDH-ES+A256KW and RSA-OAEP-256"
                    + " are accepted (RSA1_5 is open to padding-oracle attacks).");
        }
        if (!UpdateEncrypter.ENC.equals(header.getEncryptionMethod())) {
            throw new EncryptionException("Refused: content encryption " + header.getEncryptionMethod()
                    + "; only A256GCM is accepted.");
        }
    }

    private JWEDecrypter decrypter() throws JOSEException {
        return key instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter((RSAKey) key);
    }

    private Decrypted fresh(Map<String, Object> payload) {
        String data;
        String topic;
        String jti;
        long iat;
        try {
            data = JSONObjectUtils.getString(payload, "data");
            topic = JSONObjectUtils.getString(payload, "topic");
            jti = JSONObjectUtils.getString(payload, "jti");
            iat = JSONObjectUtils.getLong(payload, "iat");
        } catch (ParseException e) {
            throw new EncryptionException("Not an encrypted update's payload: " + e.getMessage(), e);
        }
        if (data == null || topic == null || jti == null) {
            throw new EncryptionException("Not an encrypted update's payload: data, topic, iat and jti are required.");
        }
        Instant now = clock.instant();
        Instant issued = Instant.ofEpochSecond(iat);
        if (issued.isBefore(now.minus(maxAge))) {
            throw new EncryptionException("Refused: encrypted at " + issued + ", older than " + maxAge + " (a replay?).");
        }
        if (issued.isAfter(now.plus(SKEW))) {
            throw new EncryptionException("Refused: encrypted at " + issued + ", in the future.");
        }
        synchronized (seen) {
            for (Iterator<Instant> it = seen.values().iterator(); it.hasNext();) {
                if (it.next().isAfter(now)) {
                    break;
                }
                it.remove(); // expired: a payload that old is refused by its age anyway
            }
            if (seen.putIfAbsent(jti, issued.plus(maxAge).plus(SKEW)) != null) {
                throw new EncryptionException("Refused: the nonce " + jti + " was already seen (a replay).");
            }
        }
        return new Decrypted(data, topic, issued);
    }
}
