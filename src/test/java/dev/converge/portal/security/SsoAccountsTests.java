package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SsoAccountsTests {

    private static final Instant SIGN_IN = Instant.parse("2026-11-01T10:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignInIsRememberedWithItsRolesAndTeamsAndTheLatestOneWins() {
        var username = "sso-" + UUID.randomUUID();
        var accounts = accounts(SIGN_IN, true);

        accounts.signedIn(username, EnumSet.of(Role.DEVELOPER), Set.of("vision", "language"));
        accounts.signedIn(username, EnumSet.of(Role.VIEWER, Role.LEAD), Set.of("vision"));

        assertThat(accounts.find(username)).hasValueSatisfying(user -> {
            assertThat(user.roles()).containsExactlyInAnyOrder(Role.VIEWER, Role.LEAD);
            assertThat(user.teams()).containsExactly("vision");
            assertThat(user.password()).isEmpty();
        });
    }

    @Test
    void tokensStopWorkingWhenThePersonHasNotSignedInForTooLongOrSingleSignOnIsOff() {
        var username = "sso-" + UUID.randomUUID();
        accounts(SIGN_IN, true).signedIn(username, EnumSet.of(Role.DEVELOPER), Set.of());

        assertThat(accounts(SIGN_IN.plus(Duration.ofDays(29)), true).find(username)).isPresent();
        assertThat(accounts(SIGN_IN.plus(Duration.ofDays(31)), true).find(username)).isEmpty();
        assertThat(accounts(SIGN_IN, false).find(username)).isEmpty();
        assertThat(accounts(SIGN_IN, true).find("never-signed-in")).isEmpty();
    }

    private SsoAccounts accounts(Instant now, boolean enabled) {
        var settings = new OidcSettings(enabled, URI.create("http://127.0.0.1:9"), "portal", null,
                List.of("openid"), "preferred_username", "groups", Map.of(), "groups", Map.of(), "SSO",
                Duration.ofDays(30));
        return new SsoAccounts(jdbc, Clock.fixed(now, ZoneOffset.UTC), settings);
    }
}
