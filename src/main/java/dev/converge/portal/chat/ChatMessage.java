package dev.converge.portal.chat;

import java.time.Instant;

/**
 * One message: the user's ({@code role} user) or the model's answer ({@code assistant}), with its state
 * ({@code done}, {@code streaming}, or {@code interrupted} with the reason in words), token counts and timings.
 */
public record ChatMessage(String id, String role, String content, String model, String status, String reason,
                          Usage usage, Timings timings, Instant createdAt) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String DONE = "done";
    public static final String STREAMING = "streaming";
    public static final String INTERRUPTED = "interrupted";

    public record Usage(Integer promptTokens, Integer completionTokens) {
    }

    public record Timings(Long firstTokenMs, Long totalMs) {
    }

    public boolean streaming() {
        return STREAMING.equals(status);
    }

    public boolean interrupted() {
        return INTERRUPTED.equals(status);
    }

    public boolean fromUser() {
        return USER.equals(role);
    }
}
