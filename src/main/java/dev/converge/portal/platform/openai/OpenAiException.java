package dev.converge.portal.platform.openai;

/**
 * Why a call to an OpenAI-compatible server failed, as a kind the caller maps to its words and status, the server's
 * HTTP status where it answered with one, and the server's own message (from {@code {"error":{"message":…}}} or the
 * body's first line). Never carries the conversation.
 */
public class OpenAiException extends RuntimeException {

    public enum Kind {
        /** No TCP/TLS connection within the connect timeout. */
        CONNECT_TIMEOUT,
        /** Connected, but no first token within the first-token timeout. */
        FIRST_TOKEN_TIMEOUT,
        /** A stream stalled longer than the between-token timeout. */
        TOKEN_TIMEOUT,
        /** The server could not be reached (refused, unknown host, TLS failure). */
        UNREACHABLE,
        /** The server answered with an HTTP error status, or sent an error object in the stream. */
        UPSTREAM_STATUS,
        /** The server sent something that is not the protocol. */
        MALFORMED,
        /** The connection ended before the answer was complete (reset, closed without a finish). */
        INCOMPLETE
    }

    private final Kind kind;
    private final int status;
    private final String upstreamMessage;

    public OpenAiException(Kind kind, int status, String upstreamMessage, Throwable cause) {
        super(kind + (status > 0 ? " (HTTP " + status + ")" : "")
                + (upstreamMessage == null ? "" : ": " + upstreamMessage), cause);
        this.kind = kind;
        this.status = status;
        this.upstreamMessage = upstreamMessage;
    }

    public OpenAiException(Kind kind, String upstreamMessage) {
        this(kind, 0, upstreamMessage, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The server's HTTP status, 0 when it gave none. */
    public int status() {
        return status;
    }

    /** The server's own words, or a short description of the transport failure; may be null. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    public boolean isTimeout() {
        return kind == Kind.CONNECT_TIMEOUT || kind == Kind.FIRST_TOKEN_TIMEOUT || kind == Kind.TOKEN_TIMEOUT;
    }
}
