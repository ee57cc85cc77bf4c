package dev.converge.portal.live;

import java.io.IOException;

/** The connection a subscriber's frames are written to: an {@code SseEmitter} in the portal. */
public interface EventSink {

    /** Writes ready-made SSE text (one or more frames) and flushes it. */
    void send(String frames) throws IOException;

    /** Ends the response; safe to call more than once and after the client has gone. */
    void complete();

    /** Runs {@code callback} once the connection ends for any reason: completion, timeout or error. */
    void onTermination(Runnable callback);
}
