package dev.converge.portal.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A portal account: Spring Security's view of a user plus the teams it belongs to. */
public record PortalUser(String username, String password, Set<Role> roles, Set<String> teams) implements UserDetails, TeamMember {

    public PortalUser {
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList();
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getUsername() {
        return username;
    }

    /** The same account without its password hash, safe to keep in a session or an authentication token. */
    public PortalUser withoutPassword() {
        return new PortalUser(username, "", roles, teams);
    }

    @Override
    public String toString() {
        return "PortalUser[" + username + ", roles=" + roles + ", teams=" + List.copyOf(teams) + "]";
    }
}
