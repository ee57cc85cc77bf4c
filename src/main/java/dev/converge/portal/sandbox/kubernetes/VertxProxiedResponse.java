package dev.converge.portal.sandbox.kubernetes;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.http.HttpServerResponse;

/** A {@link ProxiedResponse} written straight to the Vert.x response: chunked, every write flushed. */
final class VertxProxiedResponse implements ProxiedResponse {

    private static final Runnable NOTHING = () -> { };

    private final HttpServerResponse response;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>(NOTHING);

    VertxProxiedResponse(HttpServerResponse response) {
        this.response = response;
        response.closeHandler(ignored -> {
            if (closed.compareAndSet(false, true)) {
                cancelled.set(true);
                onCancel.getAndSet(NOTHING).run();
            }
        });
    }

    @Override
    public void start(int status, Map<String, String> headers) {
        if (!closed.get()) {
            head(status, headers);
        }
    }

    private void head(int status, Map<String, String> headers) {
        if (started.compareAndSet(false, true)) {
            response.setStatusCode(status).setChunked(true);
            headers.forEach(response::putHeader);
            response.writeHead();
        }
    }

    @Override
    public void write(String chunk) {
        if (!closed.get()) {
            head(200, Map.of());
            response.write(chunk);
        }
    }

    @Override
    public void end() {
        if (closed.compareAndSet(false, true)) {
            head(200, Map.of());
            response.end();
        }
    }

    @Override
    public void abort() {
        if (closed.compareAndSet(false, true)) {
            response.reset();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void onCancel(Runnable action) {
        onCancel.set(action);
        if (cancelled.get()) {
            onCancel.getAndSet(NOTHING).run();
        }
    }
}
