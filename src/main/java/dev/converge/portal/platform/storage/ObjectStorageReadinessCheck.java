package dev.converge.portal.platform.storage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code objectStorage} in {@code /readiness}: storage reachable and the buckets present. The probe also creates a
 * bucket that has gone missing, so an S3 server that comes back empty recovers without a restart. Results are cached
 * for a few seconds and a probe never waits longer than a short timeout, so readiness stays cheap.
 */
@Component
public class ObjectStorageReadinessCheck implements ReadinessCheck, DisposableBean {

    private final ArtifactStore store;
    private final StorageEndpoint endpoint;
    private final Duration cacheFor;
    private final Duration timeout;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "storage-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private Future<ComponentHealth> inFlight;
    private volatile Cached cached;

    @Autowired
    public ObjectStorageReadinessCheck(ArtifactStore store, StorageEndpoint endpoint) {
        this(store, endpoint, Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    ObjectStorageReadinessCheck(ArtifactStore store, StorageEndpoint endpoint, Duration cacheFor, Duration timeout) {
        this.store = store;
        this.endpoint = endpoint;
        this.cacheFor = cacheFor;
        this.timeout = timeout;
    }

    @Override
    public String component() {
        return "objectStorage";
    }

    @Override
    public ComponentHealth check() {
        var current = cached;
        if (current != null && current.isFresh(cacheFor)) {
            return current.health();
        }
        return refresh();
    }

    private synchronized ComponentHealth refresh() {
        var current = cached;
        if (current != null && current.isFresh(cacheFor)) {
            return current.health(); // another caller probed while this one waited
        }
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(this::probe, prober);
        }
        ComponentHealth health;
        try {
            health = inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            health = ComponentHealth.down("Object storage not responding",
                    details("no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            health = ComponentHealth.down("Object storage unreachable",
                    details(e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            health = ComponentHealth.down("Object storage not checked", details("interrupted"));
        }
        cached = new Cached(health, System.nanoTime());
        return health;
    }

    private ComponentHealth probe() {
        try {
            store.ensureBuckets();
            return ComponentHealth.up("Object storage reachable", details(null));
        } catch (StorageException e) {
            // the message is a plain sentence ("Object storage unreachable"); MinIO's detail may carry request traces
            return ComponentHealth.down(e.getMessage(), details(e.getMessage()));
        }
    }

    /** For admins: where storage is, which buckets the portal needs, and what went wrong. Never the keys. */
    private Map<String, Object> details(String error) {
        var buckets = List.of(store.bucketName(Bucket.ARTIFACTS), store.bucketName(Bucket.DOCUMENTS));
        var embedded = endpoint.embeddedServer().isPresent();
        return error == null
                ? Map.of("endpoint", endpoint.uri().toString(), "buckets", buckets, "embedded", embedded)
                : Map.of("endpoint", endpoint.uri().toString(), "buckets", buckets, "embedded", embedded,
                        "error", error);
    }

    @Override
    public void destroy() {
        prober.shutdownNow();
    }

    private record Cached(ComponentHealth health, long atNanos) {
        boolean isFresh(Duration maxAge) {
            return System.nanoTime() - atNanos < maxAge.toNanos();
        }
    }
}
