package dev.converge.portal.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** What kind of client sent a request: a browser page load, an htmx swap, or an API client that wants JSON. */
public final class ClientKind {

    private ClientKind() {
    }

    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    /** An API client: asks for JSON (and not HTML), sends JSON, or authenticates with a bearer token. */
    public static boolean wantsJson(HttpServletRequest request) {
        var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        if (sendsJson(request.getContentType())) {
            return true;
        }
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || isHtmx(request)) {
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
