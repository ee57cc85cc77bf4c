package dev.converge.portal.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A live stream written straight to the asynchronous servlet response. The hub's frames are ready-made SSE text, so
 * each write is the bytes and a flush: no message converter, content negotiation or header handling per write,
 * which an {@code SseEmitter} repeats for every frame to every client (a third of the fan-out's cost at 2,000
 * clients).
 */
public final class ServletStreamSink implements EventSink, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final List<Runnable> onEnd = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private ServletStreamSink(AsyncContext async, ServletOutputStream out) {
        this.async = async;
        this.out = out;
    }

    /** Commits the {@code text/event-stream} headers and leaves the response open for {@code timeoutMillis}. */
    public static ServletStreamSink open(HttpServletRequest request, HttpServletResponse response, long timeoutMillis)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache, no-store");
        // nginx and similar proxies would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        var async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
        response.flushBuffer();
        // Frames go to the container's own stream: the filters' wrappers have nothing to add per write, and their
        // reaction to a broken pipe would send the request to the error page after the hub has dealt with it.
        var sink = new ServletStreamSink(async, unwrap(response).getOutputStream());
        async.addListener(sink);
        return sink;
    }

    private static ServletResponse unwrap(ServletResponse response) {
        while (response instanceof ServletResponseWrapper wrapper) {
            response = wrapper.getResponse();
        }
        return response;
    }

    @Override
    public void send(String frames) throws IOException {
        if (ended.get()) {
            throw new IOException("the stream has ended");
        }
        out.write(frames.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void complete() {
        try {
            async.complete();
        }
        catch (IllegalStateException alreadyCompleted) {
            // the container ended the request first
        }
        ended();
    }

    @Override
    public void onTermination(Runnable callback) {
        onEnd.add(callback);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        complete();
    }

    /** The client went away: completing here keeps the container from dispatching to the error page. */
    @Override
    public void onError(AsyncEvent event) {
        complete();
    }

    private void ended() {
        if (ended.compareAndSet(false, true)) {
            onEnd.forEach(Runnable::run);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
