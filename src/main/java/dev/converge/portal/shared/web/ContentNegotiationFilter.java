package dev.converge.portal.shared.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link ClientKind}'s rule to every request in one place: an ambiguous Accept header (htmx's browser
 * default {@code *}{@code /*}, none at all) is replaced by what the client's kind implies, so a feature's page
 * controller ({@code produces = text/html}) and its API controller ({@code produces = application/json}) are picked
 * by Spring's ordinary matching, and the actuator's JSON answers a browser. A filter rather than a custom request
 * condition: {@code produces} is compared before any custom condition, so a condition could not overrule it, and
 * endpoints outside our controllers (the actuator) would not see it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ContentNegotiationFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var accept = ClientKind.normalizedAccept(request);
        chain.doFilter(accept == null ? request : new WithAccept(request, accept), response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static final class WithAccept extends HttpServletRequestWrapper {

        private final String accept;

        WithAccept(HttpServletRequest request, String accept) {
            super(request);
            this.accept = accept;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(accept))
                    : super.getHeaders(name);
        }
    }
}
