package dev.converge.portal.security;

import java.util.Set;

/** A principal that knows its teams: a configured user, or a person signed in through single sign-on. */
public interface TeamMember {

    Set<String> teams();
}
