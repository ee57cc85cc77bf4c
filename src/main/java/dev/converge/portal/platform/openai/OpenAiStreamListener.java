package dev.converge.portal.platform.openai;

import java.util.List;

/**
 * Receives a streamed answer as it arrives. Called on the HTTP client's threads, one call at a time and in order;
 * exactly one of {@link #onComplete} and {@link #onError} ends a stream (neither after {@link OpenAiStream#cancel()}).
 * Implementations return quickly: a slow listener holds back the stream.
 */
public interface OpenAiStreamListener {

    void onToken(String text);

    /** The passages a retrieving server answered from ({@code converge_sources}); plain servers never call it. */
    default void onSources(List<OpenAiSource> sources) {
    }

    void onComplete(OpenAiUsage usage, String finishReason);

    void onError(OpenAiException error);
}
