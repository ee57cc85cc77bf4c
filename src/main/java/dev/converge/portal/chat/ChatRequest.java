package dev.converge.portal.chat;

/**
 * A message to send ({@code POST /chat}): to a session or, without {@code sessionId}, to a new one; {@code model}
 * may be left out for an existing session (its model is used). {@code system}, {@code temperature} and
 * {@code maxTokens}, when given, become the session's settings.
 */
public record ChatRequest(String sessionId, String model, String message, Boolean stream, Double temperature,
                          Integer maxTokens, String system) {

    public boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }
}
