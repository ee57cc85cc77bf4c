package dev.converge.portal.builds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows build logs for live viewers. Each viewer gets its own follow of the pod log (the API server's
 * {@code follow=true}) read line by line on a thread of its own, because a log is one viewer's concern: pushing every
 * line through the shared live hub would flood its replay buffer and fan lines out to users who never look at them.
 * At most {@code portal.builds.max-log-followers} follows run at once.
 */
@Component
public class BuildLogStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BuildLogStreams.class);
    /** How long a follow waits for a pending build's container to start. */
    private static final int WAIT_FOR_START_MILLIS = 10 * 60 * 1000;

    private final Builds builds;
    private final Semaphore slots;
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "build-log-follow");
        thread.setDaemon(true);
        return thread;
    });

    public BuildLogStreams(Builds builds, PortalProperties properties) {
        this.builds = builds;
        this.slots = new Semaphore(properties.builds().maxLogFollowers());
    }

    /** A running follow; close it when the viewer leaves. */
    public interface Follow extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts following: {@code line} gets each line with its 1-based number, skipping the first {@code skip}
     * (a reconnecting viewer has them), and {@code end} runs once when the log ends or fails.
     *
     * @return empty when too many follows already run
     */
    public java.util.Optional<Follow> follow(CurrentUser user, String namespace, String name, long skip,
                                             LineSink line, Runnable end) {
        builds.get(user, namespace, name); // access check and 404 before taking a slot
        if (!slots.tryAcquire()) {
            return java.util.Optional.empty();
        }
        var watch = new java.util.concurrent.atomic.AtomicReference<io.fabric8.kubernetes.client.dsl.LogWatch>();
        var closed = new java.util.concurrent.atomic.AtomicBoolean();
        var reader = new java.util.concurrent.CompletableFuture<java.util.concurrent.Future<?>>();
        Runnable release = () -> {
            if (closed.compareAndSet(false, true)) {
                var current = watch.get();
                if (current != null) {
                    current.close();
                }
                reader.thenAccept(task -> task.cancel(true)); // a viewer leaving a pending build stops the wait
                slots.release();
            }
        };
        reader.complete(readers.submit(() -> {
            try {
                var opened = builds.follow(user, namespace, name, WAIT_FOR_START_MILLIS);
                watch.set(opened);
                if (closed.get()) {
                    opened.close();
                    return;
                }
                read(opened, skip, line);
            } catch (IOException | RuntimeException e) {
                log.debug("Log follow of {}/{} ended: {}", namespace, name, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down
            } finally {
                end.run();
                release.run();
            }
        }));
        return java.util.Optional.of(release::run);
    }

    private static void read(io.fabric8.kubernetes.client.dsl.LogWatch watch, long skip, LineSink sink)
            throws IOException {
        try (var reader = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            long number = 0;
            for (String text; (text = reader.readLine()) != null; ) {
                number++;
                if (number > skip && !sink.accept(number, text)) {
                    return;
                }
            }
        }
    }

    /** Takes a line; false stops the follow (the viewer is gone). */
    @FunctionalInterface
    public interface LineSink {
        boolean accept(long number, String text);
    }

    @Override
    public void destroy() {
        readers.shutdownNow();
    }

}
