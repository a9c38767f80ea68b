package dev.quicksilver.client;

import com.nimbusds.jose.JWEAlgorithm;
import java.util.Set;

/** The only key managements end-to-end encryption uses, for encrypting and decrypting alike. */
final class UpdateEncrypterAlgorithms {
    private static final Set<String> ALLOWED = Set.of(JWEAlgorithm.ECDH_ES_A256KW.getName(),
            JWEAlgorithm.RSA_OAEP_256.getName());

    private UpdateEncrypterAlgorithms() {}

    static boolean allowed(String alg) {
        return ALLOWED.contains(alg);
    }
}
