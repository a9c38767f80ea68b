package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.JwkFixtures.await;
import static dev.quicksilver.core.auth.JwkFixtures.oct;
import static dev.quicksilver.core.auth.JwkFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.quicksilver.core.auth.JwkFixtures.MutableClock;
import dev.quicksilver.core.topic.TopicSelectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bound on the keys one token is tried on (docs/issuers.md "JWK Sets"): at most
 * {@link 4} keys of one source, those the token's {@code kid} selects
 * and bound to its algorithm; a source with more such keys is skipped without a single signature
 * check. Every key here counts its signature checks, so the tests see how many one token costs.
 * The keys are {@code oct} JWKs: cheap to make by the thousand, and each gives one key per HS
 * algorithm, as an RSA JWK without {@code alg} gives one per RS/PS algorithm.
 */
@DisplayName("KeyRing: a token is tried on at most a few keys of one source")
class CandidateKeysTest {
    private static final TokenKey.Options LEGACY = TokenKey.Options.of(Dialect.LEGACY);
    private static final String CLAIMS = "{\"mercure\":{\"publish\":[\"*\"]}}";
    private static final int MAX = KeyRing.MAX_CANDIDATE_KEYS;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AtomicInteger checks = new AtomicInteger();

    /** {@code count} secrets with these key ids (null: none), the i-th id suffixed with i unless shared. */
    private static List<OctetSequenceKey> secrets(int count, String kidPrefix, boolean sharedKid) {
        List<OctetSequenceKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(oct(kidPrefix == null ? null : sharedKid ? kidPrefix : kidPrefix + i));
        }
        return keys;
    }

    /** A source holding these JWKs' keys, each counting its signature checks. */
    private KeySource source(List<OctetSequenceKey> jwks) {
        List<TokenKey> keys = new ArrayList<>();
        for (OctetSequenceKey jwk : jwks) {
            for (TokenKey key : TokenKey.fromJwk(jwk, LEGACY)) {
                keys.add(key.observed(checks::incrementAndGet));
            }
        }
        return KeySource.of(keys);
    }

    private TokenVerifier verifier(KeySource... sources) {
        return TokenVerifier.withSources(List.of(sources), TopicSelectors.withDefaults(), clock);
    }

    private static String kidless(OctetSequenceKey key) {
        return sign(key, JWSAlgorithm.HS256, null, CLAIMS);
    }

    /** Refused by both verify and verifyAsync (which a hub uses); the message of the latter. */
    private static String refused(TokenVerifier v, String token) {
        assertThat(catchThrowableOfType(AuthException.class, () -> v.verify(token))).as("verify refuses").isNotNull();
        Throwable t = catchThrowable(() -> await(v.verifyAsync(token)));
        assertThat(t).as("verifyAsync refuses").isNotNull();
        AuthException e = (AuthException) t.getCause().getCause();
        assertThat(e.status()).isEqualTo(401);
        return e.getMessage();
    }

    @Test
    @DisplayName("a token without kid against 2,000 keys (6,000 key-algorithm pairs) is refused without a single "
            + "signature check, even when the first key signed it")
    void kidlessAgainstManyKeys() {
        List<OctetSequenceKey> jwks = secrets(2000, "k-", false);
        TokenVerifier v = verifier(source(jwks));
        String message = refused(v, kidless(jwks.get(0)));
        assertThat(message).contains("no key id (kid)").contains("more than " + MAX).contains("HS256");
        assertThat(checks.get()).as("signature checks for two refusals").isZero();
        // The same set still serves tokens that name their key, one check each.
        assertThat(v.verify(sign(jwks.get(1999), CLAIMS))).isNotNull();
        assertThat(checks.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("up to " + MAX + " candidate keys a token without kid is tried on each, in order, and accepted "
            + "by the last; one more and it is refused unchecked")
    void boundIsExact() {
        for (int n = 1; n <= MAX; n++) {
            List<OctetSequenceKey> jwks = secrets(n, null, false);
            checks.set(0);
            assertThat(verifier(source(jwks)).verify(kidless(jwks.get(n - 1)))).as("%d keys", n).isNotNull();
            assertThat(checks.get()).as("checks with %d keys", n).isEqualTo(n);
        }
        checks.set(0);
        String stranger = kidless(oct(null));
        assertThat(refused(verifier(source(secrets(MAX, "k-", false))), stranger)).contains("signature is invalid");
        assertThat(checks.get()).as("a stranger's token against " + MAX + " keys, twice").isEqualTo(2 * MAX);

        List<OctetSequenceKey> crowded = secrets(MAX + 1, null, false);
        checks.set(0);
        assertThat(refused(verifier(source(crowded)), kidless(crowded.get(0)))).contains("more than " + MAX);
        assertThat(checks.get()).isZero();
    }

    @Test
    @DisplayName("only keys bound to the token's algorithm count: " + MAX + " secrets without alg are "
            + "3 x " + MAX + " keys (HS256/384/512), and accept an HS512 token without kid")
    void otherAlgorithmsDoNotCount() {
        List<OctetSequenceKey> jwks = secrets(MAX, "k-", false);
        KeySource source = source(jwks);
        assertThat(source.keys()).hasSize(3 * MAX);
        assertThat(verifier(source).verify(sign(jwks.get(MAX - 1), JWSAlgorithm.HS512, null, CLAIMS))).isNotNull();
        assertThat(checks.get()).isEqualTo(MAX);
    }

    @Test
    @DisplayName("the bound is per source: two sources of " + MAX + " keys each accept a token without kid signed "
            + "by the second's last key; a crowded source does not hide a small one")
    void perSource() {
        List<OctetSequenceKey> first = secrets(MAX, null, false);
        List<OctetSequenceKey> second = secrets(MAX, null, false);
        assertThat(verifier(source(first), source(second)).verify(kidless(second.get(MAX - 1)))).isNotNull();
        assertThat(checks.get()).isEqualTo(2 * MAX);

        List<OctetSequenceKey> small = secrets(1, null, false);
        checks.set(0);
        TokenVerifier mixed = verifier(source(secrets(2000, null, false)), source(small));
        assertThat(mixed.verify(kidless(small.get(0)))).isNotNull();
        assertThat(checks.get()).isEqualTo(1);
        assertThat(refused(mixed, kidless(oct(null)))).as("the crowded source is why a stranger's token failed")
                .contains("more than " + MAX);
    }

    @Test
    @DisplayName("a kid selects one key among 2,000; a kid shared by more than " + MAX + " keys, or keys without "
            + "kid (which any kid selects) by the thousand, are refused unchecked")
    void kidSelects() {
        List<OctetSequenceKey> named = secrets(2000, "k-", false);
        assertThat(verifier(source(named)).verify(sign(named.get(1234), CLAIMS))).isNotNull();
        assertThat(checks.get()).isEqualTo(1);

        List<OctetSequenceKey> shared = secrets(MAX + 1, "same", true);
        checks.set(0);
        assertThat(refused(verifier(source(shared)), sign(shared.get(0), CLAIMS)))
                .contains("key id (kid) fits more than " + MAX);
        List<OctetSequenceKey> unnamed = secrets(2000, null, false);
        OctetSequenceKey signer = new OctetSequenceKey.Builder(unnamed.get(0)).keyID("any").build();
        assertThat(refused(verifier(source(unnamed)), sign(signer, CLAIMS))).contains("fits more than " + MAX);
        assertThat(checks.get()).isZero();
    }
}
