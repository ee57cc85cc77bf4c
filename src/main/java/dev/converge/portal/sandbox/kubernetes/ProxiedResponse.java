package dev.converge.portal.sandbox.kubernetes;

import java.util.Map;

/**
 * The response a {@link SandboxPodServer} writes; the proxy passes it to the client unbuffered: the head goes out
 * at {@link #start}, each {@link #write} as its own chunk, flushed. Every method may be called from any thread; once
 * the response is ended, aborted or the client went away, further calls do nothing.
 */
public interface ProxiedResponse {

    /** Sends the status line and headers at once (chunked); the body follows with {@link #write}. */
    void start(int status, Map<String, String> headers);

    /** Sends one chunk of the body ({@link #start} with 200 and no headers first, if not started). */
    void write(String chunk);

    /** Ends the body. */
    void end();

    /** A whole response in one go. */
    default void send(int status, String contentType, String body) {
        start(status, Map.of("Content-Type", contentType));
        write(body);
        end();
    }

    /** Cuts the connection without ending the response, as a crashing server would. */
    void abort();

    /** Whether writes still reach the client. */
    boolean isOpen();

    /** Runs once if the client goes away before the response ended (not after {@link #abort}). */
    void onCancel(Runnable action);
}
