package dev.converge.portal.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates {@code Authorization: Bearer <token>} requests as the token's owner, for this request only: the
 * authentication is kept in a request attribute, never in a session. A request that sends a bearer token is judged by that token alone
 * (a session cookie next to it does not count), so a bad token is a 401 even for a signed-in browser.
 */
class BearerTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final JsonMapper json;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();
    /** Keeps the authentication for this request's error and async dispatches (SSE), never beyond it. */
    private final SecurityContextRepository requestScoped = new RequestAttributeSecurityContextRepository();

    BearerTokenAuthenticationFilter(ApiTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    /** Also the CSRF exemption: browsers never add this header on their own, so a forged request cannot carry it. */
    static boolean hasBearerToken(HttpServletRequest request) {
        var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearerToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        var token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).strip();
        var user = tokens.authenticate(token);
        if (user.isEmpty()) {
            contexts.clearContext();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            SecurityConfiguration.writeProblem(json, response, HttpStatus.UNAUTHORIZED,
                    "The bearer token is unknown, revoked or expired.", request.getRequestURI());
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                user.get().getAuthorities());
        authentication.setDetails(details.buildDetails(request));
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        requestScoped.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
