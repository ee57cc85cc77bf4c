package dev.converge.portal.platform.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a response body into lines as its bytes arrive: LF, CRLF or CR ends a line, as in Server-Sent Events. A
 * line is decoded (UTF-8) once it is whole, so a character split between two reads stays whole. Replaces the HTTP
 * client's line subscriber on the streaming path, which queues every line and hands it on through a scheduler of its
 * own: a token is one short line, and that was a good part of the CPU per token. Not thread-safe: fed in order.
 */
final class Utf8Lines {

    /** A line longer than this is not an event of the chat protocol: the stream is cut rather than buffered. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private byte[] line = new byte[512];
    private int length;
    private boolean afterCarriageReturn;

    /** Takes the bytes of one read and hands on each line it completes, without its line end. */
    void feed(ByteBuffer bytes, Consumer<String> lines) {
        while (bytes.hasRemaining()) {
            var b = bytes.get();
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    continue; // CRLF is one line end
                }
            }
            if (b == '\n' || b == '\r') {
                afterCarriageReturn = b == '\r';
                lines.accept(take());
            } else {
                append(b);
            }
        }
    }

    /** What came after the last line end when the body ended, or null when nothing did. */
    String rest() {
        return length == 0 ? null : take();
    }

    private void append(byte b) {
        if (length == line.length) {
            if (length >= MAX_LINE_BYTES) {
                throw new OpenAiException(OpenAiException.Kind.MALFORMED, "a stream line is too long");
            }
            line = Arrays.copyOf(line, Math.min(length * 2, MAX_LINE_BYTES));
        }
        line[length++] = b;
    }

    private String take() {
        var text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }
}
