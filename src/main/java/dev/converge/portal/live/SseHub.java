package dev.converge.portal.live;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.LiveSubscriber.Frame;
import dev.converge.portal.shared.web.EventSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live event hub behind {@code /sse/stream}. Publishers hand over events; the hub numbers them, keeps the last
 * ones for reconnecting clients, and queues each to the subscribers allowed to see it. A few dispatcher threads do
 * the writing, so publishers never wait for a network write and no thread is held per client. A client whose queue
 * fills up is disconnected (its browser reconnects and resumes from the replay buffer) instead of slowing the
 * others.
 */
@Component
public class SseHub implements LiveEventPublisher, DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SseHub.class);

    /** Sent first: tells EventSource how soon to reconnect and gives clients a byte to see the stream is open. */
    static final String OPENING = "retry: 3000\n: connected\n\n";

    private final Object lock = new Object();
    private final ArrayDeque<SequencedEvent> replay = new ArrayDeque<>();
    private final Set<LiveSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final int replayCapacity;
    private final int queueCapacity;
    private final JsonMapper json;
    private final ExecutorService dispatcher;
    private final ScheduledFuture<?> heartbeats;
    private final Counter sent;
    private final Counter dropped;
    /**
     * Random per hub start and part of every id ({@code <epoch>-<seq>}): the replay buffer is this replica's own, so
     * an id from another replica, or from before a restart, must be recognised as foreign (and answered by a reset),
     * never compared with this replica's sequence.
     */
    private final String epoch;
    private long lastSeq;
    private volatile boolean running;

    SseHub(PortalProperties properties, LiveScheduler scheduler, JsonMapper json, MeterRegistry meters) {
        var sse = properties.sse();
        this.replayCapacity = sse.replayBuffer();
        this.queueCapacity = sse.clientQueue();
        this.json = json;
        this.epoch = newEpoch();
        var threads = new AtomicInteger();
        this.dispatcher = Executors.newFixedThreadPool(sse.dispatchThreads(), runnable -> {
            var thread = new Thread(runnable, "sse-dispatch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("portal.sse.connections", subscribers, Set::size)
                .description("Open live event streams").register(meters);
        this.sent = Counter.builder("portal.sse.events.sent")
                .description("Events written to live streams").register(meters);
        this.dropped = Counter.builder("portal.sse.clients.dropped")
                .description("Streams disconnected because the client did not keep up").register(meters);
        this.heartbeats = scheduler.every(sse.heartbeat(), this::heartbeat);
    }

    @Override
    public void publish(LiveEvent event) {
        synchronized (lock) {
            var sequenced = new SequencedEvent(++lastSeq, idOf(lastSeq), event, json);
            replay.addLast(sequenced);
            if (replay.size() > replayCapacity) {
                replay.removeFirst();
            }
            for (var subscriber : subscribers) {
                if (subscriber.wants(sequenced)) {
                    deliver(subscriber, new Frame(sequenced.frame(subscriber.format()), true));
                }
            }
        }
    }

    /**
     * Opens a stream. With a last event id, the events missed since are queued first; when they are no longer all
     * in the buffer (or the id is unknown) a {@code reset} event tells the page to reload what it shows.
     */
    public void connect(LiveSubscription subscription, EventSink sink) {
        var subscriber = new LiveSubscriber(subscription, sink, queueCapacity);
        sink.onTermination(() -> remove(subscriber));
        subscriber.offer(new Frame(OPENING, false));
        synchronized (lock) {
            if (subscription.lastEventId() != null) {
                queueMissedEvents(subscriber, subscription.lastEventId());
            }
            if (!subscriber.isClosed()) {
                subscribers.add(subscriber);
            }
        }
        schedule(subscriber);
    }

    public int connections() {
        return subscribers.size();
    }

    /** The id of the newest event ({@code <epoch>-<seq>}); a stream that has seen it has missed nothing. */
    public String lastEventId() {
        synchronized (lock) {
            return idOf(lastSeq);
        }
    }

    private String idOf(long seq) {
        return epoch + "-" + seq;
    }

    /** 64 random bits: two replicas (or two runs of one) never share an epoch in practice. */
    private static String newEpoch() {
        return Long.toUnsignedString(new SecureRandom().nextLong(), 36);
    }

    /** This hub's sequence number in an id it issued, or -1 for another hub's id, an id from before a restart, garbage. */
    private long ownSequence(String lastEventId) {
        var id = lastEventId.strip();
        var prefix = epoch + "-";
        if (!id.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(prefix.length()));
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private void queueMissedEvents(LiveSubscriber subscriber, String lastEventId) {
        long seen = ownSequence(lastEventId);
        long oldestKept = replay.isEmpty() ? lastSeq + 1 : replay.peekFirst().seq();
        if (seen < 0 || seen < oldestKept - 1 || seen > lastSeq) {
            subscriber.offer(new Frame(reset(subscriber.format()), false));
            return;
        }
        var missed = new ArrayList<Frame>();
        for (var event : replay) {
            if (event.seq() > seen && subscriber.wants(event)) {
                missed.add(new Frame(event.frame(subscriber.format()), true));
            }
        }
        if (missed.size() >= queueCapacity) {
            subscriber.offer(new Frame(reset(subscriber.format()), false));
            return;
        }
        missed.forEach(subscriber::offer);
    }

    /** Carries the newest id so the client's next reconnect starts from here. */
    private String reset(LiveFormat format) {
        var data = format == LiveFormat.JSON
                ? json.writeValueAsString(java.util.Map.of("id", lastEventId(), "name", "reset"))
                : "reset";
        return SequencedEvent.frame(lastEventId(), "reset", data);
    }

    /**
     * A comment line keeps proxies from closing an idle stream; the {@code id:} line (an event without data, which
     * browsers do not dispatch) moves a quiet client's last event id forward, so its reconnect needs no reset. Queued
     * under the lock, so it never overtakes an event the client still has to receive.
     */
    void heartbeat() {
        synchronized (lock) {
            var frame = new Frame(": heartbeat\nid: " + idOf(lastSeq) + "\n\n", false);
            for (var subscriber : subscribers) {
                deliver(subscriber, frame);
            }
        }
    }

    private void deliver(LiveSubscriber subscriber, Frame frame) {
        if (subscriber.offer(frame)) {
            schedule(subscriber);
        }
        else {
            drop(subscriber);
        }
    }

    private void schedule(LiveSubscriber subscriber) {
        if (subscriber.scheduled.compareAndSet(false, true)) {
            try {
                dispatcher.execute(() -> drain(subscriber));
            }
            catch (RejectedExecutionException shuttingDown) {
                subscriber.scheduled.set(false);
            }
        }
    }

    private void drain(LiveSubscriber subscriber) {
        while (!subscriber.isClosed()) {
            var batch = subscriber.poll();
            if (batch == null) {
                subscriber.scheduled.set(false);
                // a frame queued after the poll but before the flag was cleared found the flag set: take it here
                if (!subscriber.hasQueued() || !subscriber.scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                subscriber.sink().send(batch.text());
                sent.increment(batch.events());
            }
            catch (IOException | RuntimeException gone) {
                log.debug("Live stream of {} ended while writing: {}", subscriber.subscription().viewer().username(),
                        gone.toString());
                remove(subscriber);
                subscriber.completeQuietly();
                return;
            }
        }
    }

    private void drop(LiveSubscriber subscriber) {
        if (remove(subscriber)) {
            dropped.increment();
            log.info("Disconnected a live stream of {}: {} events queued and not read",
                    subscriber.subscription().viewer().username(), queueCapacity);
            // completing may wait for a write stuck on this client's socket, so never on the publisher's thread
            try {
                dispatcher.execute(subscriber::completeQuietly);
            }
            catch (RejectedExecutionException shuttingDown) {
                subscriber.completeQuietly();
            }
        }
    }

    private boolean remove(LiveSubscriber subscriber) {
        subscribers.remove(subscriber);
        return subscriber.close();
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown (a later phase) waits for open requests: streams
     * never finish by themselves, so that wait would always last its whole timeout. Browsers reconnect, to another
     * replica if there is one, and resume from their last event id.
     */
    @Override
    public void stop() {
        running = false;
        for (var subscriber : subscribers) {
            remove(subscriber);
            subscriber.completeQuietly();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        heartbeats.cancel(false);
        stop();
        dispatcher.shutdownNow();
    }
}
