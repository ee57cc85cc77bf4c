package dev.converge.portal.chat;

/**
 * Follows an answer being generated: each token as it arrives, then the stored message once the answer is done or
 * interrupted. Called on the model client's threads; implementations return quickly.
 */
public interface GenerationListener {

    void token(String text);

    /** The answer ended; {@code failure} is null unless it was cut by an error. */
    void finished(ChatMessage message, ChatFailure failure);
}
