package dev.converge.portal.live.web;

import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.security.TeamDirectory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link CurrentUser} of a stream from its {@link Authentication}: roles from the {@code ROLE_*}
 * authorities, teams from the configured user of that name, namespaces from the {@link TeamDirectory}.
 * <p>
 * TODO(lead): a stand-in until the security feature's CurrentUser resolver is merged; replace every use with it so
 * the stream and the pages decide access the same way.
 */
@Component
class StreamViewers {

    private final PortalProperties properties;
    private final TeamDirectory teams;

    StreamViewers(PortalProperties properties, TeamDirectory teams) {
        this.properties = properties;
        this.teams = teams;
    }

    CurrentUser of(Authentication authentication) {
        var roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (var role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        var userTeams = new TreeSet<>(properties.security().users().stream()
                .filter(user -> user.username().equals(authentication.getName()))
                .findFirst()
                .map(PortalProperties.User::teams)
                .orElse(List.of()));
        return new CurrentUser(authentication.getName(), roles, userTeams, teams.namespacesOf(userTeams));
    }
}
