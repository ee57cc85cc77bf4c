package dev.converge.portal.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The cookie of the database-backed session (Spring Session JDBC). Boot 4 no longer applies
 * {@code server.servlet.session.cookie.*} to it: without this bean the cookie is called {@code SESSION} and lacks
 * HttpOnly and SameSite. The same properties keep configuring it; Secure follows the request (HTTPS, or an ingress
 * that forwards it).
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieConfiguration {

    @Bean
    CookieSerializer sessionCookieSerializer(
            @Value("${server.servlet.session.cookie.name:JSESSIONID}") String name,
            @Value("${server.servlet.session.cookie.same-site:lax}") String sameSite) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(name);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite(capitalized(sameSite));
        cookie.setCookiePath("/");
        return cookie;
    }

    private static String capitalized(String value) {
        return value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1).toLowerCase();
    }
}
