package dev.converge.portal.security;

import java.util.Set;

import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The users a {@code @WebMvcTest} slice signs in as: a viewer and a developer of team vision, and an admin. */
public enum SliceUser {
    VIEWER(Role.VIEWER, Set.of("vision")), DEV(Role.DEVELOPER, Set.of("vision")), ADMIN(Role.ADMIN, Set.of());

    private final Role role;
    private final Set<String> teams;

    SliceUser(Role role, Set<String> teams) {
        this.role = role;
        this.teams = teams;
    }

    public RequestPostProcessor user() {
        return SecurityMockMvcRequestPostProcessors.user(new PortalUser(name().toLowerCase(), "", Set.of(role), teams));
    }

    public boolean writes() {
        return this != VIEWER;
    }
}
