package dev.converge.portal.security;

import java.time.Duration;
import java.util.List;

import dev.converge.portal.PortalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Which browser origins may call the JSON API ({@code portal.cors.allowed-origins}). With none configured no path
 * has a CORS configuration, so no CORS header is ever sent and browsers refuse cross-origin calls.
 */
@Configuration(proxyBeanMethods = false)
class CorsPolicy {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final List<String> HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, "X-CSRF-TOKEN", "Last-Event-ID");

    @Bean
    UrlBasedCorsConfigurationSource corsConfigurationSource(PortalProperties properties) {
        return from(properties.cors());
    }

    static UrlBasedCorsConfigurationSource from(PortalProperties.Cors cors) {
        var source = new UrlBasedCorsConfigurationSource();
        if (cors.allowedOrigins().isEmpty()) {
            return source;
        }
        var config = new CorsConfiguration();
        config.setAllowedOriginPatterns(cors.allowedOrigins());
        config.setAllowedMethods(METHODS);
        config.setAllowedHeaders(HEADERS);
        // A wildcard origin must never see a signed-in user's session: credentials only for named origins.
        config.setAllowCredentials(cors.allowedOrigins().stream().noneMatch(origin -> origin.contains("*")));
        config.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
