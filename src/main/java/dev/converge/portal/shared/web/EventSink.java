package dev.converge.portal.shared.web;

import java.io.IOException;

/**
 * An open Server-Sent Events response ({@link ServletStreamSink}): the live hub's subscribers and streamed chat answers
 * are written to one.
 */
public interface EventSink {

    /** Writes ready-made SSE text (one or more frames) and flushes it. */
    void send(String frames) throws IOException;

    /** Ends the response; safe to call more than once and after the client has gone. */
    void complete();

    /** Runs {@code callback} once the connection ends for any reason: completion, timeout or error. */
    void onTermination(Runnable callback);
}
