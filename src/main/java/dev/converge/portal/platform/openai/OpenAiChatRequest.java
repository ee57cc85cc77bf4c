package dev.converge.portal.platform.openai;

import java.util.List;

/** A chat completion request; {@code temperature} and {@code maxTokens} are left to the server when null. */
public record OpenAiChatRequest(String model, List<OpenAiMessage> messages, Double temperature, Integer maxTokens) {

    public OpenAiChatRequest {
        messages = List.copyOf(messages);
    }
}
