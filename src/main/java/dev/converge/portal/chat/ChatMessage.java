package dev.converge.portal.chat;

import java.time.Instant;
import java.util.List;

/**
 * One message: the user's ({@code role} user) or the model's answer ({@code assistant}), with its state
 * ({@code done}, {@code streaming}, or {@code interrupted} with the reason in words), token counts, timings and,
 * for an answer of a RAG model, the passages it was answered from ({@code sources}, empty otherwise).
 */
public record ChatMessage(String id, String role, String content, String model, String status, String reason,
                          Usage usage, Timings timings, Instant createdAt, List<Source> sources) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String DONE = "done";
    public static final String STREAMING = "streaming";
    public static final String INTERRUPTED = "interrupted";

    public record Usage(Integer promptTokens, Integer completionTokens) {
    }

    public record Timings(Long firstTokenMs, Long totalMs) {
    }

    /** A passage a RAG model retrieved: the document and how well it matched. */
    public record Source(String document, double score) {
    }

    public ChatMessage {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public ChatMessage(String id, String role, String content, String model, String status, String reason,
                       Usage usage, Timings timings, Instant createdAt) {
        this(id, role, content, model, status, reason, usage, timings, createdAt, List.of());
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
