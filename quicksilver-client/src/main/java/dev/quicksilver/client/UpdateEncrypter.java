package dev.quicksilver.client;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.MultiEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts updates' data to their subscribers' public keys (draft-08 "Encryption": the data is a
 * JWE), so that the hub and anything between it and the subscribers sees only ciphertext.
 *
 * <p>Only two key managements, both with {@code A256GCM} content encryption: {@code ECDH-ES+A256KW}
 * for EC keys (P-256, P-384, P-521) and {@code RSA-OAEP-256} for RSA keys of 2048 bits or more.
 * {@code RSA1_5} (open to padding-oracle attacks, RFC 8725 section 3.2), {@code RSA-OAEP} (SHA-1),
 * direct keys and anything else are refused, even where nimbus would accept them: a JWK whose
 * {@code alg} names another algorithm, or a key of another type, is an {@link EncryptionException}.
 *
 * <p>The plaintext is the payload {@link UpdateDecrypter} reads (docs in the README): a JSON object
 * {@code {"data": …, "topic": …, "iat": seconds, "jti": nonce}}, so a subscriber can refuse a
 * ciphertext replayed later or on another topic. One key gives a JWE in compact serialization; a
 * set of several keys gives the JSON general serialization, one recipient per key (each identified
 * by its {@code kid}).
 */
public final class UpdateEncrypter {
    static final EncryptionMethod ENC = EncryptionMethod.A256GCM;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<JWK> recipients;
    private final Clock clock;

    private UpdateEncrypter(List<JWK> recipients, Clock clock) {
        this.recipients = recipients;
        this.clock = clock;
    }

    /** Encrypts to this public key. */
    public static UpdateEncrypter to(JWK recipient) {
        return to(new JWKSet(recipient));
    }

    /** Encrypts to every key of this set (the subscribers' public keys, e.g. the hub's {@code key-set}). */
    public static UpdateEncrypter to(JWKSet recipients) {
        return to(recipients, Clock.systemUTC());
    }

    static UpdateEncrypter to(JWKSet recipients, Clock clock) {
        if (recipients.getKeys().isEmpty()) {
            throw new EncryptionException("No recipient key: the set is empty.");
        }
        List<JWK> keys = new ArrayList<>();
        for (JWK k : recipients.getKeys()) {
            JWK key = k.toPublicJWK();
            if (key == null) {
                throw new EncryptionException("The key " + k.getKeyID() + " has no public part (" + k.getKeyType() + ").");
            }
            JWEAlgorithm alg = algorithmFor(key);
            if (recipients.getKeys().size() > 1 && key.getKeyID() == null) {
                throw new EncryptionException("With several recipients each key needs a kid, to find its recipient.");
            }
            keys.add(withAlgorithm(key, alg));
        }
        return new UpdateEncrypter(List.copyOf(keys), clock);
    }

    /** The key management this key is used with, or a refusal. */
    static JWEAlgorithm algorithmFor(JWK key) {
        JWEAlgorithm alg;
        if (key instanceof ECKey) {
            alg = JWEAlgorithm.ECDH_ES_A256KW;
        } else if (key instanceof RSAKey rsa) {
            if (rsa.size() < 2048) {
                throw new EncryptionException("RSA keys of fewer than 2048 bits are refused: " + rsa.size());
            }
            alg = JWEAlgorithm.RSA_OAEP_256;
        } else {
            throw new EncryptionException("Only EC (ECDH-ES+A256KW) and RSA (RSA-OAEP-256) keys are accepted, not "
                    + key.getKeyType() + ".");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
            throw new EncryptionException("The key " + key.getKeyID() + " is for " + key.getAlgorithm()
                    + "; only " + alg + " is accepted for " + key.getKeyType() + " keys (RSA1_5 and others are refused).");
        }
        return alg;
    }

    private static JWK withAlgorithm(JWK key, JWEAlgorithm alg) {
        Map<String, Object> json = new LinkedHashMap<>(key.toJSONObject());
        json.put("alg", alg.getName());
        try {
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new EncryptionException("Unreadable key: " + e.getMessage(), e);
        }
    }

    /** This update with its data encrypted (the other fields, which the hub routes by, unchanged). */
    public Update encrypt(Update update) {
        return update.toBuilder().data(encrypt(update.data(), update.topics().get(0))).build();
    }

    /** This data, for this (canonical) topic, as a JWE. */
    public String encrypt(String data, String topic) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("data", Objects.requireNonNull(data, "data"));
        payload.put("topic", Objects.requireNonNull(topic, "topic"));
        payload.put("iat", clock.instant().getEpochSecond());
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        payload.put("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        try {
            if (recipients.size() == 1) {
                JWK key = recipients.get(0);
                JWEAlgorithm alg = algorithmFor(key);
                JWEObject jwe = new JWEObject(new JWEHeader.Builder(alg, ENC).keyID(key.getKeyID()).build(),
                        new Payload(payload));
                jwe.encrypt(key instanceof ECKey ec ? new ECDHEncrypter(ec) : new RSAEncrypter((RSAKey) key));
                return jwe.serialize();
            }
            JWEObjectJSON jwe = new JWEObjectJSON(new JWEHeader.Builder(ENC).build(), new Payload(payload));
            jwe.encrypt(new MultiEncrypter(new JWKSet(recipients)));
            return jwe.serializeGeneral();
        } catch (JOSEException e) {
            throw new EncryptionException("Encrypting failed: " + e.getMessage(), e);
        }
    }
}
