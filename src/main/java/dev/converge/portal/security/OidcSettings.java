package dev.converge.portal.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Single sign-on with OpenID Connect ({@code portal.security.oidc.*}), beside the form login of
 * {@code portal.security.users}. Who a person is comes from the ID token; which role and teams they get, from its
 * claims through the two maps here: a value or group that is not listed gives nothing, and a person with no mapped
 * role cannot sign in.
 *
 * @param enabled        whether the sign-in page offers single sign-on
 * @param issuerUri      the provider's issuer; its {@code /.well-known/openid-configuration} is read on first use
 * @param clientId       the portal's client id at the provider
 * @param clientSecret   its secret (from a Secret, never in a file); empty for a public client (PKCE only)
 * @param scopes         scopes asked for
 * @param usernameClaim  the claim naming the person (the portal's username)
 * @param rolesClaim     the claim whose values {@code roles} maps to portal roles
 * @param roles          claim value → role; the highest mapped role counts (roles include the lower ones)
 * @param groupsClaim    the claim whose values {@code teams} maps to teams
 * @param teams          group → team name of {@code portal.teams}
 * @param displayName    the text of the sign-in button
 * @param accountMaxAge  how long after their last single sign-on a person's API tokens keep working
 */
@Validated
@ConfigurationProperties(prefix = "portal.security.oidc")
public record OidcSettings(
        @DefaultValue("false") boolean enabled,
        URI issuerUri,
        String clientId,
        String clientSecret,
        @NotEmpty @DefaultValue({"openid", "profile", "email"}) List<@NotBlank String> scopes,
        @NotBlank @DefaultValue("preferred_username") String usernameClaim,
        @NotBlank @DefaultValue("groups") String rolesClaim,
        @NotNull @DefaultValue Map<String, Role> roles,
        @NotBlank @DefaultValue("groups") String groupsClaim,
        @NotNull @DefaultValue Map<String, String> teams,
        @NotBlank @DefaultValue("Single sign-on") String displayName,
        @NotNull @DefaultValue("30d") Duration accountMaxAge) {

    /** The registration id, and the last part of the redirect URI {@code /login/oauth2/code/oidc}. */
    public static final String REGISTRATION_ID = "oidc";

    @AssertTrue(message = "portal.security.oidc.enabled needs issuer-uri and client-id")
    public boolean isComplete() {
        return !enabled || (issuerUri != null && clientId != null && !clientId.isBlank());
    }
}
