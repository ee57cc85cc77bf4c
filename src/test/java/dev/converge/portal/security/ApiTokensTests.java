package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ApiTokensTests {

    @Autowired
    ApiTokens tokens;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Test
    void storesOnlyTheHashOfTheTokenItHandsOut() {
        var issued = tokens.create(SecurityMother.current(users, "dev"), "ci pipeline", 30);

        assertThat(issued.plaintext()).matches("cvp_[A-Za-z0-9_-]{43}");
        var row = jdbc.sql("SELECT * FROM api_tokens WHERE id = :id").param("id", issued.token().id())
                .query().singleRow();
        assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain(issued.plaintext().substring(4)));
        assertThat(row).containsEntry("TOKEN_HASH", ApiTokens.sha256(issued.plaintext()))
                .containsEntry("TOKEN_PREFIX", issued.plaintext().substring(0, 12));
        assertThat(issued.token().expiresAt()).isEqualTo(issued.token().createdAt().plusSeconds(30L * 24 * 3600));
    }

    @Test
    void auditsCreateAndRevokeWithoutTheToken() {
        var dev = SecurityMother.current(users, "dev");
        var issued = tokens.create(dev, "audited", null);
        tokens.revoke(dev, issued.token().id());

        var events = audit.search(new AuditQuery("dev", "token.", null, 0, 500));
        assertThat(events).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("token.create");
            assertThat(event.target()).isEqualTo("token/dev/" + issued.token().id());
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("token.revoke");
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(event.target()).isEqualTo("token/dev/" + issued.token().id());
        });
        assertThat(events).allSatisfy(event ->
                assertThat(String.valueOf(event.detail())).doesNotContain(issued.plaintext().substring(12)));
    }

    @Test
    void aValidTokenStandsForItsOwnerWithoutPassword() {
        var issued = tokens.create(SecurityMother.current(users, "lead"), "reports", null);

        var user = tokens.authenticate(issued.plaintext()).orElseThrow();

        assertThat(user.username()).isEqualTo("lead");
        assertThat(user.roles()).containsExactly(Role.LEAD);
        assertThat(user.getPassword()).isEmpty();
    }

    @Test
    void recordsLastUseAtMostOnceAMinute() {
        var lead = SecurityMother.current(users, "lead");
        var issued = tokens.create(lead, "polling script", null);

        tokens.authenticate(issued.plaintext());
        var firstUse = lastUsed(issued);
        tokens.authenticate(issued.plaintext());

        assertThat(firstUse).isNotNull();
        assertThat(lastUsed(issued)).isEqualTo(firstUse);
    }

    @Test
    void revokedAndExpiredTokensNoLongerAuthenticate() {
        var dev = SecurityMother.current(users, "dev");
        var revoked = tokens.create(dev, "old laptop", null);
        var expired = tokens.create(dev, "short lived", 1);
        tokens.revoke(dev, revoked.token().id());
        expire(jdbc, expired.token().id());

        assertThat(tokens.authenticate(revoked.plaintext())).isEmpty();
        assertThat(tokens.authenticate(expired.plaintext())).isEmpty();
        assertThat(tokens.list(dev)).filteredOn(token -> token.id() == revoked.token().id())
                .singleElement().extracting(ApiToken::status).isEqualTo(ApiToken.Status.REVOKED);
        assertThat(tokens.list(dev)).filteredOn(token -> token.id() == expired.token().id())
                .singleElement().extracting(ApiToken::status).isEqualTo(ApiToken.Status.EXPIRED);
    }

    @Test
    void unknownOrMalformedTokensAreRejected() {
        assertThat(tokens.authenticate("cvp_" + "A".repeat(43))).isEmpty();
        assertThat(tokens.authenticate("not-a-token")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
    }

    @Test
    void onlyTheOwnerOrAnAdminRevokesAToken() {
        var issued = tokens.create(SecurityMother.current(users, "dev"), "shared by mistake", null);

        assertThatThrownBy(() -> tokens.revoke(SecurityMother.current(users, "dev2"), issued.token().id()))
                .isInstanceOf(ApiTokenNotFound.class);
        assertThat(tokens.authenticate(issued.plaintext())).isPresent();

        var revoked = tokens.revoke(SecurityMother.current(users, "admin"), issued.token().id());
        assertThat(revoked.status()).isEqualTo(ApiToken.Status.REVOKED);
        assertThat(audit.search(new AuditQuery("dev2", "token.revoke", AuditOutcome.DENIED, 0, 10))).isNotEmpty();
    }

    @Test
    void listsOnlyTheUsersOwnTokens() {
        var viewer = SecurityMother.current(users, "viewer");
        var issued = tokens.create(viewer, "read only", null);
        tokens.create(SecurityMother.current(users, "dev2"), "someone else's", null);

        assertThat(tokens.list(viewer)).extracting(ApiToken::username).containsOnly("viewer");
        assertThat(tokens.list(viewer)).extracting(ApiToken::id).contains(issued.token().id());
    }

    private Instant lastUsed(IssuedToken issued) {
        return tokens.list(SecurityMother.current(users, issued.token().username())).stream()
                .filter(token -> token.id() == issued.token().id())
                .findFirst().orElseThrow().lastUsedAt();
    }

    /** Time travel without a clock bean: move the token's expiry into the past. */
    static void expire(JdbcClient jdbc, long id) {
        jdbc.sql("UPDATE api_tokens SET expires_at = :past WHERE id = :id")
                .param("past", Timestamp.from(Instant.now().minusSeconds(60)))
                .param("id", id)
                .update();
    }
}
