package dev.converge.portal.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The signed-in user as every feature sees it: roles, teams and the namespaces those teams own. Features ask this
 * object, never the raw principal, whether an action is allowed: read in one's teams' namespaces, write there with
 * DEVELOPER or above, admins everywhere, viewers read only.
 */
public record CurrentUser(String username, Set<Role> roles, SortedSet<String> teams, SortedSet<String> namespaces) {

    public CurrentUser {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
        teams = Collections.unmodifiableSortedSet(new TreeSet<>(teams));
        namespaces = Collections.unmodifiableSortedSet(new TreeSet<>(namespaces));
    }

    public boolean hasRole(Role wanted) {
        return roles.stream().anyMatch(role -> role.includes(wanted));
    }

    public boolean isAdmin() {
        return hasRole(Role.ADMIN);
    }

    /** May change things in their teams (developers, leads, admins): what templates ask to show actions. */
    public boolean isDeveloper() {
        return hasRole(Role.DEVELOPER);
    }

    public boolean canRead(String namespace) {
        return isAdmin() || namespaces.contains(namespace);
    }

    public boolean canWrite(String namespace) {
        return hasRole(Role.DEVELOPER) && canRead(namespace);
    }

    /** The highest role held, for display. */
    public Role topRole() {
        return roles.stream().max(Role::compareTo).orElse(Role.VIEWER);
    }
}
