package dev.converge.portal.platform.kubernetes.cache;

import java.time.Instant;

/**
 * Where the cache of one kind stands: {@code synced} once its informers have listed everything, {@code watching}
 * while they receive changes. The last error (if any) says why it is behind.
 */
public record KindSyncState(String kind, boolean synced, boolean watching, String lastError, Instant lastErrorAt) {

    /** Current: listed and following changes, so pages show what the cluster holds. */
    public boolean current() {
        return synced && watching;
    }
}
