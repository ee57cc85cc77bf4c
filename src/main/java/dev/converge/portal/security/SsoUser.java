package dev.converge.portal.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** A person signed in through OpenID Connect, with the portal roles and teams their claims mapped to. */
public class SsoUser extends DefaultOidcUser implements TeamMember {

    private static final long serialVersionUID = 1L;

    private final Set<String> teams;

    SsoUser(OidcUser signedIn, Collection<? extends GrantedAuthority> authorities, Set<String> teams,
            String usernameClaim) {
        super(authorities, signedIn.getIdToken(), signedIn.getUserInfo(), usernameClaim);
        this.teams = Set.copyOf(teams);
    }

    @Override
    public Set<String> teams() {
        return teams;
    }

    @Override
    public String toString() {
        return "SsoUser[" + getName() + ", teams=" + List.copyOf(teams) + "]";
    }
}
