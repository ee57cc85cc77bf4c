package dev.converge.portal.shared.web;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.security.CurrentUsers;
import dev.converge.portal.security.SecurityConfiguration;
import dev.converge.portal.security.TeamDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice needs beyond its controller to behave like the portal: the real security chain
 * (roles, CSRF, sign-in redirects) and the {@code currentUser} the layout shows. Import it in feature slice tests.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
@Import({SecurityConfiguration.class, CurrentUsers.class, TeamDirectory.class})
public class WebSliceConfiguration {
}
