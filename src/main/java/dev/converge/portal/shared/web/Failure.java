package dev.converge.portal.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** A failure in the words the user sees: status, title, detail and a message per bad field. */
public record Failure(HttpStatus status, String title, String detail, Map<String, String> fieldErrors) {

    public Failure {
        fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    /** The error view for pages: 403, 404, 409 and 500 have their own, any other 4xx shares {@code error/400}. */
    public String viewName() {
        return switch (status.value()) {
            case 403, 404, 409 -> "error/" + status.value();
            default -> status.is4xxClientError() ? "error/400" : "error/500";
        };
    }
}
