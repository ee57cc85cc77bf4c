package dev.converge.portal.security;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;

/** Single sign-on, when {@code portal.security.oidc.enabled}: the provider and the login the portal chain adds. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("portal.security.oidc.enabled")
class OidcConfiguration {

    @Bean
    OidcClientRegistrations clientRegistrationRepository(OidcSettings settings) {
        return new OidcClientRegistrations(settings);
    }

    @Bean
    OidcLogin oidcLogin(OidcSettings settings, OidcClientRegistrations registrations, ConfiguredUsers users,
                        TeamDirectory directory, SsoAccounts accounts) {
        var people = new SsoUserService(settings, users, directory, accounts);
        var signOut = providerSignOut(registrations);
        return http -> http.oauth2Login(login -> login
                        .loginPage("/login")
                        .clientRegistrationRepository(registrations)
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(people))
                        .failureUrl("/login?sso-error"))
                .logout(logout -> logout.logoutSuccessHandler(signOut));
    }

    /**
     * RP-initiated logout: after the portal session ends, someone who signed in through the provider is sent to its
     * {@code end_session_endpoint} (from discovery) with their ID token as {@code id_token_hint}, and the provider sends
     * them back to the portal's sign-in page; otherwise a second click on "single sign-on" would sign them in again
     * without a password. Form sign-ins, and a provider without that endpoint, go straight to the sign-in page.
     */
    static OidcClientInitiatedLogoutSuccessHandler providerSignOut(OidcClientRegistrations registrations) {
        var handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        handler.setPostLogoutRedirectUri(SIGNED_OUT_PAGE);
        handler.setDefaultTargetUrl(SecurityConfiguration.SIGNED_OUT_URL);
        return handler;
    }

    /** Where the provider sends a person back to: the sign-in page, saying they signed out. */
    static final String SIGNED_OUT_PAGE = "{baseUrl}" + SecurityConfiguration.SIGNED_OUT_URL;

    /** Adds OpenID Connect login to the portal's filter chain (form login and bearer tokens stay). */
    @FunctionalInterface
    interface OidcLogin {
        void applyTo(HttpSecurity http) throws Exception;
    }
}
