package dev.quicksilver.client;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads a PKCS#8 private key in PEM (RFC 7468 section 10), trying each key type the client signs with. */
final class Pem {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private Pem() {}

    static PrivateKey privateKey(String pem) {
        int from = pem.indexOf(BEGIN);
        int to = pem.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("Expected a PKCS#8 key between " + BEGIN + " and " + END
                    + " (convert a PKCS#1 RSA key with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + BEGIN.length(), to).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The PEM body is not base64: " + e.getMessage(), e);
        }
        for (String type : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                continue; // not this type; try the next
            }
        }
        throw new IllegalArgumentException("The PEM key is not an RSA, EC or Ed25519 private key.");
    }
}
