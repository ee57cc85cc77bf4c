package dev.converge.portal.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links to other pages of the current list that keep the current filters: the request's own path and query with
 * {@code page} replaced. {@link PageLinksAdvice} puts one in every model as {@code pageLinks}.
 */
public final class PageLinks {

    private final String path;
    private final String query;

    PageLinks(String path, String query) {
        this.path = path;
        this.query = query;
    }

    static PageLinks of(HttpServletRequest request) {
        return new PageLinks(request.getRequestURI(), request.getQueryString());
    }

    public String to(int page) {
        return UriComponentsBuilder.fromPath(path).query(query)
                .replaceQueryParam("page", page)
                .build().toUriString(); // the query arrives encoded; the page number needs no encoding
    }
}
