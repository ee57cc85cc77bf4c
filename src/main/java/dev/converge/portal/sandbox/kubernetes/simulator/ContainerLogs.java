package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.converge.portal.sandbox.kubernetes.PodLogSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines the simulated kubelet writes, kept in memory per container (the last {@value #KEPT_LINES}).
 * Written on the simulator's thread, read from any thread. Followers are called on the simulator's thread, so they
 * must hand lines off rather than block.
 */
final class ContainerLogs implements PodLogSource {

    static final int KEPT_LINES = 5_000;

    private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);

    /** Containers by pod key ({@code namespace/pod}), then by container name. */
    private final Map<String, Map<String, Buffer>> pods = new ConcurrentHashMap<>();

    void start(String podKey, String container) {
        buffer(podKey, container).setRunning(true);
    }

    void append(String podKey, String container, String line) {
        buffer(podKey, container).append(line);
    }

    void stop(String podKey, String container) {
        var containers = pods.get(podKey);
        if (containers != null && containers.containsKey(container)) {
            containers.get(container).setRunning(false);
        }
    }

    /** The pod is gone: followers get their end, and its lines are dropped. */
    void remove(String podKey) {
        var containers = pods.remove(podKey);
        if (containers != null) {
            containers.values().forEach(buffer -> buffer.setRunning(false));
        }
    }

    /**
     * Every container's lines, the last {@code maxLines} of each, by pod key and container, for the sandbox's saved
     * state.
     */
    Map<String, Map<String, List<String>>> snapshot(int maxLines) {
        var snapshot = new TreeMap<String, Map<String, List<String>>>();
        pods.forEach((pod, containers) -> containers.forEach((container, buffer) -> {
            var lines = buffer.snapshot();
            snapshot.computeIfAbsent(pod, key -> new TreeMap<>())
                    .put(container, List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size())));
        }));
        return snapshot;
    }

    /** Lines saved before a restart; their containers count as stopped until the kubelet starts them again. */
    void restore(Map<String, Map<String, List<String>>> saved) {
        saved.forEach((pod, containers) -> containers.forEach((container, lines) -> {
            var buffer = buffer(pod, container);
            lines.forEach(buffer::append);
            buffer.restored();
        }));
    }

    @Override
    public List<String> lines(String namespace, String pod, String container) {
        var containers = pods.get(namespace + "/" + pod);
        var buffer = containers == null ? null : containers.get(container);
        return buffer == null ? List.of() : buffer.snapshot();
    }

    @Override
    public AutoCloseable follow(String namespace, String pod, String container, Consumer<String> onLine,
            Runnable onEnd) {
        return buffer(namespace + "/" + pod, container).follow(onLine, onEnd);
    }

    @Override
    public boolean isRunning(String namespace, String pod, String container) {
        var containers = pods.get(namespace + "/" + pod);
        var buffer = containers == null ? null : containers.get(container);
        return buffer != null && buffer.running;
    }

    private Buffer buffer(String podKey, String container) {
        return pods.computeIfAbsent(podKey, key -> new ConcurrentHashMap<>())
                .computeIfAbsent(container, name -> new Buffer());
    }

    private static final class Buffer {

        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final List<Follower> followers = new CopyOnWriteArrayList<>();
        private volatile boolean running;
        private boolean everStarted;

        synchronized List<String> snapshot() {
            return List.copyOf(lines);
        }

        void append(String line) {
            synchronized (this) {
                if (lines.size() == KEPT_LINES) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
            for (var follower : followers) {
                follower.line(line);
            }
        }

        /** Logged before a restart: a follower gets the end at once, as for any stopped container. */
        synchronized void restored() {
            everStarted = true;
        }

        void setRunning(boolean running) {
            synchronized (this) {
                this.running = running;
                everStarted |= running;
            }
            if (!running) {
                followers.forEach(Follower::end);
                followers.clear();
            }
        }

        AutoCloseable follow(Consumer<String> onLine, Runnable onEnd) {
            var follower = new Follower(onLine, onEnd);
            synchronized (this) {
                // A container that has already stopped will log no more.
                if (everStarted && !running) {
                    follower.end();
                    return () -> { };
                }
                followers.add(follower);
            }
            return () -> followers.remove(follower);
        }
    }

    private record Follower(Consumer<String> onLine, Runnable onEnd) {

        void line(String line) {
            try {
                onLine.accept(line);
            } catch (RuntimeException e) {
                log.debug("A sandbox log follower failed: {}", e.getMessage());
            }
        }

        void end() {
            try {
                onEnd.run();
            } catch (RuntimeException e) {
                log.debug("A sandbox log follower failed at end: {}", e.getMessage());
            }
        }
    }
}
