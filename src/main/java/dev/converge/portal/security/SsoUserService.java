package dev.converge.portal.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a verified ID token (Spring Security checked its signature against the provider's JWKS, issuer, audience,
 * expiry and nonce) into a portal user: claim values → roles, groups → teams, both through configuration only. A
 * value no mapping names gives nothing; no role at all, or a username a configured account already has, refuses the
 * sign-in.
 */
class SsoUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private static final Logger log = LoggerFactory.getLogger(SsoUserService.class);

    private final OidcUserService verified = new OidcUserService();
    private final OidcSettings settings;
    private final ConfiguredUsers configured;
    private final TeamDirectory directory;
    private final SsoAccounts accounts;

    SsoUserService(OidcSettings settings, ConfiguredUsers configured, TeamDirectory directory, SsoAccounts accounts) {
        this.settings = settings;
        this.configured = configured;
        this.directory = directory;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser person = verified.loadUser(request);
        var username = person.getClaimAsString(settings.usernameClaim());
        if (username == null || username.isBlank()) {
            throw refused("no_username", "the ID token has no " + settings.usernameClaim() + " claim");
        }
        if (configured.find(username).isPresent()) {
            throw refused("username_taken", "a configured account is already called " + username);
        }
        var roles = EnumSet.noneOf(Role.class);
        values(person, settings.rolesClaim()).forEach(value -> {
            var role = settings.roles().get(value);
            if (role != null) {
                roles.add(role);
            }
        });
        if (roles.isEmpty()) {
            throw refused("no_role", username + " has no " + settings.rolesClaim() + " value mapped to a role");
        }
        Set<String> teams = new TreeSet<>();
        values(person, settings.groupsClaim()).forEach(group -> {
            var team = settings.teams().get(group);
            if (team != null && directory.teams().contains(team)) {
                teams.add(team);
            }
        });
        accounts.signedIn(username, roles, teams);
        var authorities = roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        return new SsoUser(person, authorities, teams, settings.usernameClaim());
    }

    private static Collection<String> values(OidcUser person, String claim) {
        Object value = person.getClaims().get(claim);
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static OAuth2AuthenticationException refused(String code, String why) {
        log.info("Single sign-on refused: {}", why);
        return new OAuth2AuthenticationException(new OAuth2Error(code, why, null));
    }
}
