package dev.converge.portal.live;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.converge.portal.shared.web.EventSink;

/** A client connection that records what it is sent; can be made to stall or fail like a real socket. */
final class RecordingSink implements EventSink {

    final SseFrames frames = new SseFrames();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Runnable termination = () -> { };
    private volatile CountDownLatch stall;
    private volatile boolean failing;

    /** Every write blocks until {@link #release()}, like a client that stopped reading. */
    RecordingSink stalled() {
        stall = new CountDownLatch(1);
        return this;
    }

    RecordingSink failing() {
        failing = true;
        return this;
    }

    void release() {
        stall.countDown();
    }

    @Override
    public void send(String text) throws IOException {
        var latch = stall;
        if (latch != null) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (failing) {
            throw new IOException("Broken pipe");
        }
        frames.text(text);
    }

    @Override
    public void complete() {
        if (completed.compareAndSet(false, true)) {
            termination.run();
        }
    }

    @Override
    public void onTermination(Runnable callback) {
        termination = callback;
    }

    /** The client went away: what the container reports as completion or error. */
    void disconnect() {
        complete();
    }

    boolean isCompleted() {
        return completed.get();
    }
}
