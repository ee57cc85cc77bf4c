package dev.converge.portal.shared.web;

import static org.mockito.Mockito.mock;

import java.time.Clock;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.CurrentUsers;
import dev.converge.portal.security.LoginThrottle;
import dev.converge.portal.security.LoginThrottles;
import dev.converge.portal.security.SecurityConfiguration;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * What a {@code @WebMvcTest} slice needs beyond its controller to behave like the portal: the real security chain
 * (roles, CSRF, sign-in redirects) and the {@code currentUser} the layout shows. Import it in feature slice tests.
 * Bearer tokens live in the database, which a slice does not have: no token is valid there.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
@Import({SecurityConfiguration.class, CurrentUsers.class, TeamDirectory.class})
public class WebSliceConfiguration {

    @Bean
    ApiTokens apiTokens() {
        return mock(ApiTokens.class);
    }

    /** Sign-ins are throttled in slices too (on a database of their own); what it refuses is audited into a mock. */
    @Bean
    LoginThrottle loginThrottle(PortalProperties properties) {
        return LoginThrottles.standalone(properties, Clock.systemUTC());
    }

    @Bean
    AuditLog auditLog() {
        return mock(AuditLog.class);
    }

    /** No origin configured: no CORS headers, as in the portal's default configuration. */
    @Bean
    UrlBasedCorsConfigurationSource corsConfigurationSource() {
        return new UrlBasedCorsConfigurationSource();
    }
}
