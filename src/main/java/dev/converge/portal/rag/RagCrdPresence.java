package dev.converge.portal.rag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.converge.portal.platform.kubernetes.ServedResources;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import org.springframework.stereotype.Component;

/**
 * Whether the cluster serves {@code ragmodels.converge.dev} (API discovery; a missing answer is looked up again at
 * most every 30 s). RagModels are cached only once it does: an informer of a kind the cluster lacks would keep the
 * portal's readiness down for a feature nobody installed.
 */
@Component
public class RagCrdPresence {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final ServedResources served;
    private final KubernetesCaches caches;
    private final Clock clock;
    private volatile Boolean installed;
    private volatile Instant checkedAt = Instant.EPOCH;
    private final Queue<Runnable> whenInstalled = new ConcurrentLinkedQueue<>();

    RagCrdPresence(ServedResources served, KubernetesCaches caches, Clock clock) {
        this.served = served;
        this.caches = caches;
        this.clock = clock;
    }

    public boolean installed() {
        var now = clock.instant();
        if (installed == null || !installed && checkedAt.plus(TTL).isBefore(now)) {
            var found = lookUp();
            if (found) {
                caches.register(RagModel.class);
            }
            installed = found;
            checkedAt = now;
        }
        if (installed) {
            runWhenInstalled();
        }
        return installed;
    }

    /**
     * Runs the action once RagModels are cached: now if the CRD is installed, else at the first look-up that finds
     * it (the reconciler looks on each resync). Listeners of the RagModel informer register this way.
     */
    public void whenInstalled(Runnable action) {
        whenInstalled.add(action);
        installed();
    }

    private void runWhenInstalled() {
        for (var action = whenInstalled.poll(); action != null; action = whenInstalled.poll()) {
            action.run();
        }
    }

    /** Throws {@link RagCrdMissing} (503, with how to install it) when the CRD is not installed. */
    public void require() {
        if (!installed()) {
            throw new RagCrdMissing();
        }
    }

    private boolean lookUp() {
        return served.serves(RagModel.API_VERSION, RagModel.PLURAL);
    }
}
