package dev.converge.portal.security;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

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
        return http -> http.oauth2Login(login -> login
                .loginPage("/login")
                .clientRegistrationRepository(registrations)
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(people))
                .failureUrl("/login?sso-error"));
    }

    /** Adds OpenID Connect login to the portal's filter chain (form login and bearer tokens stay). */
    @FunctionalInterface
    interface OidcLogin {
        void applyTo(HttpSecurity http) throws Exception;
    }
}
