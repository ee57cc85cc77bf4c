package dev.converge.portal.chat;

/** A change of a session ({@code PATCH /chat/sessions/{id}}); null fields stay as they are. */
public record ChatSettings(String title, String system, Double temperature, Integer maxTokens) {
}
