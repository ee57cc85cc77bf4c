package dev.converge.portal.security;

import java.io.IOException;
import java.net.URI;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.shared.web.ClientKind;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may reach what. Pages and the JSON API share one chain: browsers sign in with a form (or single sign-on, see
 * {@link OidcConfiguration}) and carry a CSRF token;
 * API clients send a personal access token as {@code Authorization: Bearer} and need no CSRF token; anonymous users
 * reach only sign-in, health, readiness and static assets.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

    static final String[] STATIC_ASSETS = {"/assets/**", "/webjars/**", "/favicon.ico"};

    /**
     * Static assets: public and cacheable (the main chain's headers would make them no-store). They keep the content
     * security policy: an SVG opened on its own is a document that could run script.
     */
    @Bean
    @Order(1)
    SecurityFilterChain staticAssets(HttpSecurity http) throws Exception {
        return http.securityMatcher(STATIC_ASSETS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portal(HttpSecurity http, JsonMapper json, ApiTokens tokens,
                               UrlBasedCorsConfigurationSource cors, LoginThrottle throttle,
                               AuditLog audit, ObjectProvider<OidcConfiguration.OidcLogin> oidc) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/health", "/readiness", "/error",
                                "/actuator/health/liveness", "/actuator/health/readiness",
                                "/oauth2/authorization/**", "/login/oauth2/code/**").permitAll()
                        .requestMatchers("/actuator/**", "/audit/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl(SIGNED_OUT_URL)
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies("JSESSIONID")
                        .permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .addFilterBefore(new BearerTokenAuthenticationFilter(tokens, json), LogoutFilter.class)
                .addFilterBefore(new LoginThrottleFilter(throttle, audit),
                        UsernamePasswordAuthenticationFilter.class)
                // Bearer requests prove themselves with the token; everything else, JSON included, needs CSRF.
                .csrf(csrf -> csrf.csrfTokenRepository(new BrowserCsrfTokenRepository())
                        .ignoringRequestMatchers(BearerTokenAuthenticationFilter::hasBearerToken))
                .cors(corsConfig -> corsConfig.configurationSource(cors))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint(json))
                        .accessDeniedHandler(accessDenied(json, entryPoint(json))))
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .cacheControl(Customizer.withDefaults())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
        // Single sign-on beside the form, when configured; sign-out ends the portal session either way (and the
        // provider's too for single sign-on users).
        for (var login : oidc) {
            login.applyTo(http);
        }
        return http.build();
    }

    /** The sign-in page saying "you signed out". */
    static final String SIGNED_OUT_URL = "/login?logout";

    /** No third-party host and no inline script anywhere: every asset comes from the portal itself. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'self'";

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.LEAD.name())
                .role(Role.LEAD.name()).implies(Role.DEVELOPER.name())
                .role(Role.DEVELOPER.name()).implies(Role.VIEWER.name())
                .build();
    }

    /**
     * No observation per security filter and per authorization check: they cost about a tenth of a page view and
     * add nothing {@code http.server.requests} does not time already. Sign-ins are still observed.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults()
                .shouldObserveRequests(false)
                .shouldObserveAuthorizations(false)
                .shouldObserveAuthentications(true)
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Browsers go to the sign-in page; htmx swaps redirect the whole page there; API clients get a 401 problem. */
    private static AuthenticationEntryPoint entryPoint(JsonMapper json) {
        var login = new LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, exception) -> {
            if (ClientKind.wantsJson(request)) {
                writeProblem(json, response, HttpStatus.UNAUTHORIZED, "Sign in or send a valid bearer token.",
                        request.getRequestURI());
            } else if (ClientKind.isHtmx(request)) {
                response.setHeader("HX-Redirect", request.getContextPath() + "/login");
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            } else {
                login.commence(request, response, exception);
            }
        };
    }

    /**
     * A missing or wrong CSRF token from someone not signed in is answered like any anonymous request (401, or the
     * sign-in page): the CSRF check runs before authentication would say so. Signed-in users get the 403.
     */
    private static AccessDeniedHandler accessDenied(JsonMapper json, AuthenticationEntryPoint signIn) {
        var pages = new AccessDeniedHandlerImpl();
        return (request, response, exception) -> {
            if (exception instanceof CsrfException && !signedIn()) {
                signIn.commence(request, response,
                        new InsufficientAuthenticationException("Sign in first", exception));
            } else if (ClientKind.wantsJson(request)) {
                writeProblem(json, response, HttpStatus.FORBIDDEN,
                        "You are not allowed to do this. Missing CSRF token, role or team membership.",
                        request.getRequestURI());
            } else {
                pages.handle(request, response, exception);
            }
        };
    }

    private static boolean signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    static void writeProblem(JsonMapper json, HttpServletResponse response, HttpStatus status, String detail,
                             String instance) throws IOException {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(instance));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
