package dev.quicksilver.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Anonymous subscribers: public updates only (Mercure draft-08 "Authorization", and never a targeted
 * one: docs/protocol-eras.md "What never mixes"); no publishing (draft-08 "Error Responses").
 */
@DisplayName("Anonymous: public updates only (draft-08 Authorization, Error Responses; protocol-eras.md)")
class AnonymousTest {

    @Test
    @DisplayName("draft-08 Authorization: a private update is never readable; protocol-eras.md: nor a targeted one; a "
            + "public one is")
    void read() {
        assertThat(Anonymous.INSTANCE.canRead(Update.of(List.of("a"), ""))).isTrue();
        assertThat(Anonymous.INSTANCE.canRead(new Update(null, List.of("a"), "", true, null, 0, Set.of()))).isFalse();
        assertThat(Anonymous.INSTANCE.canRead(new Update(null, List.of("a"), "", false, null, 0, Set.of("x")))).isFalse();
    }

    @Test
    @DisplayName("draft-08 Error Responses: publishing without a token is a 401 with a bare challenge (no error code)")
    void publish() {
        AuthException e = catchThrowableOfType(AuthException.class,
                () -> Anonymous.INSTANCE.authorizePublish(Update.of(List.of("a"), "")));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isNull();
    }

    @Test
    void noGrantsNoExpiryNoPayload() {
        assertThat(Anonymous.INSTANCE.grantsSubscribe("a")).isFalse();
        assertThat(Anonymous.INSTANCE.expiresAt()).isNull();
        assertThat(Anonymous.INSTANCE.payload()).isNull();
    }

    @Test
    @DisplayName("AuthException factories: status and RFC 6750 error code")
    void authExceptionCodes() {
        assertThat(AuthException.invalidToken("m").status()).isEqualTo(401);
        assertThat(AuthException.invalidToken("m").error()).isEqualTo("invalid_token");
        assertThat(AuthException.insufficientScope("m").status()).isEqualTo(403);
        assertThat(AuthException.insufficientScope("m").error()).isEqualTo("insufficient_scope");
        assertThat(AuthException.invalidRequest("m").status()).isEqualTo(400);
        assertThat(AuthException.invalidRequest("m").error()).isEqualTo("invalid_request");
        assertThat(AuthException.missingToken("m").getMessage()).isEqualTo("m");
    }
}
