package dev.converge.portal.security;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Builds the {@link CurrentUser} of a request from its authentication, the one place that reads the principal. */
@Component
public class CurrentUsers {

    private final TeamDirectory teams;

    public CurrentUsers(TeamDirectory teams) {
        this.teams = teams;
    }

    public Optional<CurrentUser> current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    public Optional<CurrentUser> from(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        var roles = EnumSet.noneOf(Role.class);
        authentication.getAuthorities().forEach(authority -> {
            for (var role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        });
        Set<String> userTeams = authentication.getPrincipal() instanceof TeamMember member ? member.teams() : Set.of();
        if (userTeams.isEmpty() && roles.contains(Role.ADMIN)) {
            userTeams = teams.teams();
        }
        return Optional.of(new CurrentUser(authentication.getName(), roles, new java.util.TreeSet<>(userTeams),
                teams.namespacesOf(userTeams)));
    }
}
