package dev.converge.portal.live;

/** How events are written: rendered HTML for htmx pages, JSON objects for API clients. */
public enum LiveFormat {
    HTML, JSON;

    public static LiveFormat of(String format) {
        return "json".equalsIgnoreCase(format) ? JSON : HTML;
    }
}
