package dev.converge.portal.shared.web;

/**
 * Markup the portal's own templates rendered earlier (every piece of user text in it escaped by {@code th:text}
 * there), kept to be placed again. The one kind of value pages print with {@code th:utext}: user text never is.
 */
public record RenderedHtml(String html) {
}
