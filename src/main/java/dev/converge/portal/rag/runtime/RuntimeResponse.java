package dev.converge.portal.rag.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An answer of the runtime, independent of the server that sends it: status, content type, and a body written to a
 * stream (a streamed chat flushes after each event).
 */
public record RuntimeResponse(int status, String contentType, Body body) {

    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static RuntimeResponse json(int status, String json) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RuntimeResponse(status, JSON, out -> out.write(bytes));
    }

    public boolean isStream() {
        return EVENT_STREAM.equals(contentType);
    }

    /** The whole body as text (a stream is read to its end). */
    public String bodyText() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        body.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
