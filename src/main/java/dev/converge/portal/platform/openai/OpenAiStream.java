package dev.converge.portal.platform.openai;

/** A stream under way; cancelling it closes the connection to the server, which stops generating. */
public interface OpenAiStream {

    void cancel();

    boolean isDone();
}
