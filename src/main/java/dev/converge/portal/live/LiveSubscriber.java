package dev.converge.portal.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.converge.portal.shared.web.EventSink;
/** One open stream: what it wants, its bounded queue of frames, and whether a dispatcher is draining it. */
final class LiveSubscriber {

    /** A queued frame; heartbeats and control frames do not count as sent events. */
    record Frame(String text, boolean event) {
    }

    /** What one drain pass writes. */
    record Batch(String text, int events) {
    }

    private static final int MAX_BATCH_FRAMES = 64;

    private final LiveSubscription subscription;
    private final EventSink sink;
    private final BlockingQueue<Frame> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean scheduled = new AtomicBoolean();

    LiveSubscriber(LiveSubscription subscription, EventSink sink, int capacity) {
        this.subscription = subscription;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    LiveSubscription subscription() {
        return subscription;
    }

    EventSink sink() {
        return sink;
    }

    LiveFormat format() {
        return subscription.format();
    }

    /** Same topic, and a namespace the user may read (or a global event). */
    boolean wants(SequencedEvent sequenced) {
        var event = sequenced.event();
        return subscription.topics().contains(event.topic())
                && (event.namespace() == null || subscription.viewer().canRead(event.namespace()));
    }

    boolean offer(Frame frame) {
        return queue.offer(frame);
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Everything queued (up to a limit) joined into one write, or null when nothing is queued. */
    Batch poll() {
        var first = queue.poll();
        if (first == null) {
            return null;
        }
        var text = new StringBuilder(first.text());
        int events = first.event() ? 1 : 0;
        Frame next;
        for (int i = 1; i < MAX_BATCH_FRAMES && (next = queue.poll()) != null; i++) {
            text.append(next.text());
            events += next.event() ? 1 : 0;
        }
        return new Batch(text.toString(), events);
    }

    /** True for the one caller that closes it. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    void completeQuietly() {
        try {
            sink.complete();
        }
        catch (RuntimeException alreadyGone) {
            // the container may have ended the response first; nothing left to close
        }
    }
}
