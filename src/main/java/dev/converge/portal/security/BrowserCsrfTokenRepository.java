package dev.converge.portal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens live in the browser's session. A bearer request needs none and must stay stateless, so even when it
 * renders a page that shows a token, nothing is stored and no session is created.
 */
final class BrowserCsrfTokenRepository implements CsrfTokenRepository {

    private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return sessions.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (!BearerTokenAuthenticationFilter.hasBearerToken(request)) {
            sessions.saveToken(token, request, response);
        }
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return BearerTokenAuthenticationFilter.hasBearerToken(request) ? null : sessions.loadToken(request);
    }
}
