package dev.converge.portal.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What single sign-on last said about each person: roles and teams as of their last sign-in. Personal access tokens
 * of such a person are checked against it (the provider is not asked on every API call), and stop working when the
 * person has not signed in for {@code portal.security.oidc.account-max-age}.
 */
@Service
public class SsoAccounts {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final OidcSettings settings;

    public SsoAccounts(JdbcClient jdbc, Clock clock, OidcSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** Records a sign-in: roles and teams replace what was stored. */
    public void signedIn(String username, Set<Role> roles, Set<String> teams) {
        var now = Timestamp.from(clock.instant());
        var roleList = roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
        var teamList = String.join(",", new TreeSet<>(teams));
        int updated = jdbc.sql("UPDATE sso_accounts SET roles = ?, teams = ?, signed_in_at = ? WHERE username = ?")
                .params(roleList, teamList, now, username).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO sso_accounts (username, roles, teams, signed_in_at) VALUES (?, ?, ?, ?)")
                    .params(username, roleList, teamList, now).update();
        }
    }

    /** The person as of their last sign-in, if it is recent enough and single sign-on is on. */
    public Optional<PortalUser> find(String username) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        var oldest = Timestamp.from(clock.instant().minus(settings.accountMaxAge()));
        return jdbc.sql("SELECT roles, teams FROM sso_accounts WHERE username = ? AND signed_in_at >= ?")
                .params(username, oldest)
                .query((rs, row) -> new PortalUser(username, "", roles(rs.getString("roles")),
                        split(rs.getString("teams"))))
                .optional()
                .filter(user -> !user.roles().isEmpty());
    }

    private static Set<Role> roles(String stored) {
        var roles = EnumSet.noneOf(Role.class);
        for (var name : split(stored)) {
            Arrays.stream(Role.values()).filter(role -> role.name().equals(name)).forEach(roles::add);
        }
        return roles;
    }

    private static Set<String> split(String stored) {
        return stored == null || stored.isBlank() ? Set.of()
                : Arrays.stream(stored.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
