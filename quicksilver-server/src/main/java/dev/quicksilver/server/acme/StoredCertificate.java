package dev.quicksilver.server.acme;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The files of ACME in the data directory ({@code <data-dir>/acme}): the account's key pair, and
 * the certificate with its key. Each file is written whole beside its place then moved over it, so
 * a crash never leaves half a key; keys are readable by the hub's user only.
 */
final class StoredCertificate {
    private final Path dir;

    StoredCertificate(Path dir) {
        this.dir = dir;
    }

    Path certificate() {
        return dir.resolve("certificate.pem");
    }

    Path key() {
        return dir.resolve("certificate.key");
    }

    /** The account key pair, made and saved on first use: the account at the CA is found again by it. */
    KeyPair accountKey() {
        return keyPair(dir.resolve("account.key"));
    }

    /** The key pair of the stored certificate. */
    KeyPair certificateKey() {
        try (Reader in = Files.newBufferedReader(key())) {
            return KeyPairUtils.readKeyPair(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the certificate's key " + key() + ": " + e.getMessage(), e);
        }
    }

    /** A fresh key pair for the next certificate (never the account's). */
    KeyPair newCertificateKey() {
        return KeyPairUtils.createKeyPair(2048);
    }

    private KeyPair keyPair(Path file) {
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    return KeyPairUtils.readKeyPair(in);
                }
            }
            KeyPair pair = KeyPairUtils.createKeyPair(2048);
            write(file, out -> KeyPairUtils.writeKeyPair(pair, out));
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("ACME account key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The chain, the domain's certificate first, when one is stored; null otherwise. */
    @Nullable List<X509Certificate> chain() {
        if (!Files.exists(certificate()) || !Files.exists(key())) {
            return null;
        }
        try (InputStream in = Files.newInputStream(certificate())) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
            return chain.isEmpty() ? null : chain;
        } catch (IOException | CertificateException e) {
            return null; // unreadable: obtained again
        }
    }

    static Instant notAfter(List<X509Certificate> chain) {
        return chain.get(0).getNotAfter().toInstant();
    }

    /** Saves a new certificate and its key pair: the key first, so a certificate is never stored without it. */
    void save(KeyPair key, String chainPem) {
        try {
            write(key(), out -> KeyPairUtils.writeKeyPair(key, out));
            write(certificate(), out -> out.write(chainPem));
        } catch (IOException e) {
            throw new UncheckedIOException("saving the certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private interface Content {
        void write(Writer out) throws IOException;
    }

    private void write(Path file, Content content) throws IOException {
        Files.createDirectories(dir);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial)) {
            content.write(out);
        }
        try {
            Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own permissions apply
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
