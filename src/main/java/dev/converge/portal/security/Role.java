package dev.converge.portal.security;

/** Portal roles, ordered: each one includes every role before it. */
public enum Role {
    VIEWER, DEVELOPER, LEAD, ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
