package dev.converge.portal.platform.openai;

/**
 * Receives a streamed answer as it arrives. Called on the HTTP client's threads, one call at a time and in order;
 * exactly one of {@link #onComplete} and {@link #onError} ends a stream (neither after {@link OpenAiStream#cancel()}).
 * Implementations return quickly: a slow listener holds back the stream.
 */
public interface OpenAiStreamListener {

    void onToken(String text);

    void onComplete(OpenAiUsage usage, String finishReason);

    void onError(OpenAiException error);
}
