package dev.converge.portal.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The portal's one content-negotiation rule (docs/api.md, "Content negotiation"): what kind of client sent a request
 * — a browser page load, an htmx swap, or an API client that wants JSON. {@link #wantsJson} decides; error answers
 * and the sign-in entry point ask it, and {@link ContentNegotiationFilter} rewrites an ambiguous Accept header to
 * match it, so every feature's page and API controllers are chosen by their plain {@code produces}.
 */
public final class ClientKind {

    /** What an HTML client is taken to accept: HTML first, anything else (a probe's JSON, a log's text) after it. */
    static final String HTML_FIRST = "text/html, */*;q=0.1";
    /** What a JSON client with no say (no Accept, or only {@code *}{@code /*}) is taken to accept. */
    static final String JSON_FIRST = "application/json, application/problem+json, */*;q=0.1";

    private ClientKind() {
    }

    /**
     * An htmx request. The one static check, for code that has no controller argument (filters, error handling,
     * the security entry point); controllers take the htmx library's {@code HtmxRequest} argument instead.
     */
    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    /**
     * An API client: not htmx, and asks for JSON (and not HTML), sends JSON, or authenticates with a bearer token.
     * htmx comes first: it swaps HTML into the page, whatever its (browser's default) Accept says.
     */
    public static boolean wantsJson(HttpServletRequest request) {
        if (isHtmx(request)) {
            return false;
        }
        var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        if (sendsJson(request.getContentType())) {
            return true;
        }
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
        boolean json = types.stream().anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
                && !type.isWildcardType() || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                && !type.isWildcardType());
        boolean html = types.stream().anyMatch(type -> MediaType.TEXT_HTML.equalsTypeAndSubtype(type));
        return json && !html;
    }

    /**
     * The Accept header that makes Spring's {@code produces} matching follow {@link #wantsJson}, or null to keep the
     * one sent. htmx always gets HTML first; an Accept that says nothing (missing, or only wildcards) becomes HTML
     * first or JSON first by the client's kind; a browser's Accept gets a low-priority wildcard so URLs with only
     * one representation (the probes' JSON) answer it instead of a 406. Anything more specific (an event stream,
     * plain text, JSON) is the client's own choice and kept.
     */
    static String normalizedAccept(HttpServletRequest request) {
        if (isHtmx(request)) {
            return HTML_FIRST;
        }
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        List<MediaType> types;
        try {
            types = accept == null || accept.isBlank() ? List.of() : MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException malformed) {
            return null;
        }
        if (types.stream().allMatch(MediaType::isWildcardType)) {
            return wantsJson(request) ? JSON_FIRST : HTML_FIRST;
        }
        boolean browser = types.stream().anyMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype);
        if (browser && !wantsJson(request) && types.stream().noneMatch(MediaType::isWildcardType)) {
            return accept + ", */*;q=0.1";
        }
        return null;
    }

    /** Whether the Accept header allows {@code type}; no header (or a malformed one) allows anything. */
    public static boolean accepts(HttpServletRequest request, MediaType type) {
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type::isCompatibleWith);
        } catch (InvalidMediaTypeException malformed) {
            return true;
        }
    }

    private static boolean sendsJson(String contentType) {
        try {
            return contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }
}
