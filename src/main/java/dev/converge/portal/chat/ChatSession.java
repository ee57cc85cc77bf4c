package dev.converge.portal.chat;

import java.time.Instant;

/** A conversation of one user: its title, the model it talks to, its system prompt and sampling settings. */
public record ChatSession(String id, String title, String model, String system, Double temperature,
                         Integer maxTokens, Instant createdAt, Instant updatedAt) {
}
