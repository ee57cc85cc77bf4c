package dev.converge.portal.sandbox.rag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import dev.converge.portal.sandbox.kubernetes.ProxiedResponse;

/**
 * The runtime's response body as the proxy's chunks: what is written until a flush (one SSE event of a streamed
 * chat, flushed whole) goes out as one chunk. A client that went away fails the next flush, which stops the
 * runtime's relay and cancels the base model's stream.
 */
final class ChunkRelay extends OutputStream {

    private final ProxiedResponse response;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    ChunkRelay(ProxiedResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) {
        pending.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (!response.isOpen()) {
            throw new IOException("the client went away");
        }
        if (pending.size() > 0) {
            response.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
