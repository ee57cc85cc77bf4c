package dev.converge.portal.deployments;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows the logs of pod containers for the detail page, while someone looks.
 *
 * <p>Design: one {@code watchLog} (the API server's {@code follow=true} stream) per (pod, container) however many
 * people watch it, and its new lines published to the live hub as event {@code pod-log-<ns>-<pod>} on topic
 * {@code deployments}, scoped to the namespace; the page appends them ({@code hx-swap="beforeend"}). So no thread
 * and no connection is held per viewer: fabric8 pushes the chunks into an {@link OutputStream} from its own I/O,
 * and the hub already does the fan-out, the slow-client handling, the namespace check and the replay after a
 * reconnect. Lines are merged into one event per {@link #WINDOW}, at most {@link #MAX_LINES_PER_EVENT} each (the
 * rest are counted as skipped), so a chatty container cannot flood the hub.
 *
 * <p>Viewers are counted by lease rather than by connection: opening a pod's log, and then the page every
 * {@link #RENEW_EVERY}, renews the lease; a follow whose lease ran out ({@link #LEASE}) is closed. A closed tab or
 * a crashed browser thus stops the follow without any bookkeeping that could leak. A follow also ends when the
 * container stops (the stream ends); the page then shows that the log ended.
 *
 * <p>Lines logged between the page reading the last lines and the follow starting are not shown live (the page
 * shows them on its next load).
 */
@Component
public class PodLogFollower implements DisposableBean {

    public static final Duration RENEW_EVERY = Duration.ofSeconds(20);
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration WINDOW = Duration.ofMillis(250);
    static final int MAX_LINES_PER_EVENT = 500;
    private static final int MAX_LINE_BYTES = 8 * 1024;

    private static final Logger log = LoggerFactory.getLogger(PodLogFollower.class);

    private final KubernetesClient client;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final LiveScheduler scheduler;
    private final Clock clock;
    private final Map<Target, Follow> follows = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;

    public PodLogFollower(KubernetesClient client, LiveEventPublisher events, LiveFragments fragments,
                          LiveScheduler scheduler, Clock clock) {
        this.client = client;
        this.events = events;
        this.fragments = fragments;
        this.scheduler = scheduler;
        this.clock = clock;
        this.sweeper = scheduler.every(Duration.ofSeconds(10), () -> closeIdle(Instant.now(clock)));
    }

    /** The event a page listens to for the live lines of a pod. */
    public static String eventName(String namespace, String pod) {
        return "pod-log-" + namespace + "-" + pod;
    }

    /** Starts following the container, or renews the lease of the follow that runs already. */
    public void follow(String namespace, String pod, String container) {
        var target = new Target(namespace, pod, container);
        var leaseEnd = Instant.now(clock).plus(LEASE);
        var fresh = new Follow(target, leaseEnd);
        var running = follows.putIfAbsent(target, fresh);
        if (running != null) {
            running.leaseEnd = leaseEnd;
            return;
        }
        try {
            var watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container).tailingLines(0)
                    .watchLog(new LineSplitter(fresh::add));
            fresh.started(watch);
            watch.onClose().whenComplete((error, ignored) -> ended(fresh, error));
        } catch (KubernetesClientException e) {
            follows.remove(target, fresh);
            log.info("Could not follow the log of {}/{} ({}): {}", namespace, pod, container, e.getMessage());
        }
    }

    /** How many containers are followed now. */
    public int following() {
        return follows.size();
    }

    /** Closes the follows nobody renewed in time. */
    void closeIdle(Instant now) {
        for (var follow : follows.values()) {
            if (now.isAfter(follow.leaseEnd) && follows.remove(follow.target, follow)) {
                follow.close();
            }
        }
    }

    private void ended(Follow follow, Throwable error) {
        if (follow.closedByUs) {
            return;
        }
        follows.remove(follow.target, follow);
        if (error != null) {
            log.debug("The log follow of {} ended: {}", follow.target, error.toString());
        }
        follow.end();
    }

    private void publish(Target target, List<String> lines, int skipped, boolean ended) {
        var html = fragments.render("deployments/fragments", "log-lines",
                Map.of("lines", lines, "skipped", skipped, "ended", ended));
        events.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENT_DETAILS, target.namespace(),
                eventName(target.namespace(), target.pod()), html,
                Map.of("namespace", target.namespace(), "pod", target.pod(), "container", target.container(),
                        "lines", lines, "skipped", skipped, "ended", ended)));
    }

    @Override
    public void destroy() {
        sweeper.cancel(false);
        follows.values().forEach(Follow::close);
        follows.clear();
    }

    record Target(String namespace, String pod, String container) {
    }

    /** One followed container: lines wait here for the next publish window. */
    private final class Follow {

        private final Target target;
        private final List<String> pending = new ArrayList<>();
        private volatile Instant leaseEnd;
        private volatile boolean closedByUs;
        private LogWatch watch;
        private int skipped;
        private boolean flushScheduled;
        private boolean ended;

        Follow(Target target, Instant leaseEnd) {
            this.target = target;
            this.leaseEnd = leaseEnd;
        }

        synchronized void started(LogWatch watch) {
            this.watch = watch;
            if (closedByUs) {
                watch.close();
            }
        }

        synchronized void add(String line) {
            if (pending.size() < MAX_LINES_PER_EVENT) {
                pending.add(line);
            } else {
                skipped++;
            }
            if (!flushScheduled) {
                flushScheduled = true;
                scheduler.after(WINDOW, this::flush);
            }
        }

        synchronized void end() {
            ended = true;
            if (!flushScheduled) {
                flushScheduled = true;
                scheduler.after(Duration.ZERO, this::flush);
            }
        }

        private void flush() {
            List<String> lines;
            int skippedNow;
            boolean endedNow;
            synchronized (this) {
                lines = List.copyOf(pending);
                skippedNow = skipped;
                endedNow = ended;
                pending.clear();
                skipped = 0;
                flushScheduled = false;
            }
            if (!lines.isEmpty() || skippedNow > 0 || endedNow) {
                publish(target, lines, skippedNow, endedNow);
            }
        }

        synchronized void close() {
            closedByUs = true;
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** Cuts the bytes of a log stream into lines (UTF-8, {@code \n} or {@code \r\n}); over-long lines are cut. */
    static final class LineSplitter extends OutputStream {

        private final Consumer<String> onLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> onLine) {
            this.onLine = onLine;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                emit();
            } else if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        /** A last line without a newline is still a line. */
        @Override
        public void close() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            var text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            onLine.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }
    }
}
