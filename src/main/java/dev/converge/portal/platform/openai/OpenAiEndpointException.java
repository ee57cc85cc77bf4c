package dev.converge.portal.platform.openai;

/** An OpenAI-protocol endpoint failed or answered something unusable; the message says which and how. */
public class OpenAiEndpointException extends RuntimeException {

    public OpenAiEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
