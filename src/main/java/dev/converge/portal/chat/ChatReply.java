package dev.converge.portal.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code POST /chat} without streaming. {@code sources} only for models that retrieve (RAG);
 * {@code status} and {@code reason} only when the answer was stopped before its end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatReply(String sessionId, String messageId, String model, String answer, ChatMessage.Usage usage,
                        ChatMessage.Timings timings, List<ChatMessage.Source> sources, String status,
                        String reason) {

    public static ChatReply of(String sessionId, ChatMessage message) {
        return new ChatReply(sessionId, message.id(), message.model(), message.content(), message.usage(),
                message.timings(), message.sources().isEmpty() ? null : message.sources(), message.interrupted() ? message.status() : null, message.reason());
    }
}
