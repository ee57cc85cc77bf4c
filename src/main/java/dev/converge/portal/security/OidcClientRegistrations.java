package dev.converge.portal.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one provider of {@code portal.security.oidc}, discovered on first use rather than at start: a provider that
 * is down makes single sign-on fail (and is retried on the next attempt), not the portal refuse to start, and form
 * sign-in keeps working. PKCE is always used, with or without a client secret.
 */
class OidcClientRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(OidcClientRegistrations.class);

    private final OidcSettings settings;
    private volatile ClientRegistration registration;

    OidcClientRegistrations(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcSettings.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        var known = registration;
        if (known == null) {
            try {
                known = discover();
                registration = known;
            } catch (RuntimeException e) {
                log.warn("OpenID Connect discovery at {} failed: {}", settings.issuerUri(), e.getMessage());
                return null;
            }
        }
        return known;
    }

    private ClientRegistration discover() {
        var secret = settings.clientSecret();
        var builder = ClientRegistrations.fromIssuerLocation(settings.issuerUri().toString())
                .registrationId(OidcSettings.REGISTRATION_ID)
                .clientName(settings.displayName())
                .clientId(settings.clientId())
                .scope(settings.scopes())
                .userNameAttributeName(settings.usernameClaim())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
        if (secret == null || secret.isBlank()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(secret);
        }
        return builder.build();
    }
}
