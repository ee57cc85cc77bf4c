package dev.converge.portal.platform.kubernetes.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.PortalProperties.InformerScope;
import dev.converge.portal.platform.kubernetes.KubernetesUnavailable;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * In-memory copies of the Kubernetes objects the portal lists, kept current by shared informers, so pages read
 * memory instead of calling the API server per request. Namespaced kinds are watched in the team namespaces only
 * ({@code portal.kubernetes.informer-scope=team-namespaces}, one informer per namespace) or in all namespaces
 * ({@code cluster}); nodes are cluster-wide. Features add their custom resources with {@link #register}.
 */
@Component
public class KubernetesCaches implements SmartLifecycle {

    /** The kinds every portal lists; custom resources come on top through {@link #register}. */
    static final List<Class<? extends HasMetadata>> BUILT_IN_KINDS = List.of(Pod.class, Deployment.class,
            ReplicaSet.class, Service.class, HorizontalPodAutoscaler.class, Node.class, Event.class);

    private static final Logger log = LoggerFactory.getLogger(KubernetesCaches.class);
    /** How long a request waits for a kind's first list at start-up before it is refused with 503. */
    private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(5);
    /** How often a request that waits for its own write to reach the cache looks again. */
    private static final long OBSERVE_POLL_MILLIS = 20;

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final long resyncMillis;
    private final Map<Class<?>, KindCache<?>> caches = new LinkedHashMap<>();
    private volatile boolean running;

    public KubernetesCaches(KubernetesClient client, PortalProperties properties, TeamDirectory teams) {
        this.client = client;
        var clusterWide = properties.kubernetes().informerScope() == InformerScope.CLUSTER;
        this.namespaces = clusterWide ? null : Set.copyOf(teams.allNamespaces());
        this.resyncMillis = properties.kubernetes().resyncPeriod().toMillis();
        if (namespaces != null && namespaces.isEmpty()) {
            log.warn("No team namespaces are configured: only cluster-scoped kinds (nodes) will be cached");
        }
        BUILT_IN_KINDS.forEach(this::register);
    }

    /** Caches another kind (a custom resource, say); started at once when the caches already run. */
    public <T extends HasMetadata> void register(Class<T> type) {
        register(type, Map.of());
    }

    /** Caches another kind with extra indexes of its own, on top of the {@link CacheIndexes} every kind has. */
    public synchronized <T extends HasMetadata> void register(Class<T> type,
            Map<String, Function<T, List<String>>> extraIndexes) {
        if (caches.containsKey(type)) {
            return;
        }
        var indexes = new LinkedHashMap<>(CacheIndexes.forKind(type));
        indexes.putAll(extraIndexes);
        var cache = new KindCache<>(type, indexes, namespaces);
        caches.put(type, cache);
        if (running) {
            cache.start(client, resyncMillis);
        }
    }

    /**
     * Reads go through {@link #readable}: on behalf of a request they fail with 503 rather than answer from a cache
     * that never listed (an empty list or a "not found" would be a lie), and note their age when the cache stopped
     * following the server.
     */
    public <T extends HasMetadata> CacheQuery<T> query(Class<T> type) {
        return new CacheQuery<>(readable(type), other -> cache(other).version());
    }

    public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
        return readable(type).get(namespace, name);
    }

    /**
     * Waits at most {@code max} until the cache holds {@code written} (the same object at its version or a newer
     * one), so a page read right after a change shows it: the API server answers a write before its watch delivers
     * the event. Gives up quietly; the page then shows the previous state and its live updates catch up.
     */
    public boolean awaitObserved(HasMetadata written, Duration max) {
        var meta = written.getMetadata();
        return awaitCached(written.getClass(), meta.getNamespace(), meta.getName(), max,
                cached -> cached != null && Objects.equals(cached.getMetadata().getUid(), meta.getUid())
                        && notOlder(cached.getMetadata().getResourceVersion(), meta.getResourceVersion()));
    }

    /** Waits at most {@code max} until the cache no longer holds the object {@code uid} (deleted, or replaced). */
    public boolean awaitGone(Class<? extends HasMetadata> type, String namespace, String name, String uid,
                             Duration max) {
        return awaitCached(type, namespace, name, max,
                cached -> cached == null || !Objects.equals(cached.getMetadata().getUid(), uid));
    }

    private boolean awaitCached(Class<? extends HasMetadata> type, String namespace, String name, Duration max,
                                Predicate<HasMetadata> arrived) {
        var cache = cache(type);
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (arrived.test(cache.get(namespace, name).orElse(null))) {
                return true;
            }
            if (System.nanoTime() > deadline || !cache.syncState().watching()) {
                return false;
            }
            try {
                Thread.sleep(OBSERVE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Resource versions are opaque in general; the API servers the portal meets hand out increasing numbers. */
    private static boolean notOlder(String cached, String written) {
        if (Objects.equals(cached, written)) {
            return true;
        }
        try {
            return Long.parseLong(cached) >= Long.parseLong(written);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * For a call that has no cached answer (logs): 503 at once while the watch of {@code type} is down, instead of
     * waiting for the client's retries to give up against a server that is gone. {@code what} names the data in
     * the plural for the message, e.g. {@code "build logs"}.
     */
    public void requireConnected(Class<? extends HasMetadata> type, String what) {
        if (!cache(type).syncState().watching()) {
            throw KubernetesUnavailable.unreachable(what);
        }
    }

    /**
     * Background work (listeners, retention) reads whatever is cached; a request's read must not be answered from a
     * copy that never listed: it waits briefly for the first list at start-up, unless the server is already known
     * to fail, and is refused with 503 after that.
     */
    private <T extends HasMetadata> KindCache<T> readable(Class<T> type) {
        var cache = cache(type);
        var request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return cache;
        }
        var freshness = cache.freshness();
        if (freshness.current()) {
            return cache;
        }
        if (freshness.readable()) {
            StaleData.record(request, freshness.staleSince());
            return cache;
        }
        if (!cache.failing() && running && cache.awaitFirstSync(FIRST_SYNC_WAIT)) {
            return cache;
        }
        throw cache.failing() ? KubernetesUnavailable.neverRead(HasMetadata.getPlural(type))
                : KubernetesUnavailable.stillLoading(HasMetadata.getPlural(type));
    }

    /** Everything cached of a kind in one namespace ({@code null}: in every cached namespace), by name. */
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
        var query = query(type).sortBy(CacheQuery.byNamespaceAndName());
        return namespace == null ? query.list() : query.namespace(namespace).list();
    }

    /**
     * Gets told of every add, update and delete of a kind (and, on registration, of what is already cached). The
     * handler runs on the informer's thread: keep it quick and hand slow work elsewhere.
     */
    public <T extends HasMetadata> void addListener(Class<T> type, ResourceEventHandler<? super T> listener) {
        cache(type).addListener(listener);
    }

    public <T extends HasMetadata> void removeListener(Class<T> type, ResourceEventHandler<? super T> listener) {
        cache(type).removeListener(listener);
    }

    /** The informers of a kind: one per watched namespace, or a single one. */
    public <T extends HasMetadata> List<SharedIndexInformer<T>> informers(Class<T> type) {
        return cache(type).informers();
    }

    public boolean hasSynced(Class<? extends HasMetadata> type) {
        return cache(type).syncState().synced();
    }

    /** The sync state of every cached kind, in registration order. */
    public synchronized List<KindSyncState> syncStates() {
        return caches.values().stream().map(KindCache::syncState).toList();
    }

    /** The namespaces watched, or empty when the scope is the whole cluster. */
    public Optional<Set<String>> watchedNamespaces() {
        return Optional.ofNullable(namespaces);
    }

    /**
     * Makes every informer list again (see {@link KindCache#relist}); the readiness probe calls it when the API
     * server answers again after an outage.
     */
    public synchronized void relist() {
        if (running) {
            log.info("Kubernetes API server is back: listing every cached kind again");
            caches.values().forEach(KindCache::relist);
        }
    }

    @Override
    public synchronized void start() {
        caches.values().forEach(cache -> cache.start(client, resyncMillis));
        running = true;
        log.info("Kubernetes caches started for {} kinds in {}", caches.size(),
                namespaces == null ? "all namespaces" : "namespaces " + namespaces);
    }

    @Override
    public synchronized void stop() {
        running = false;
        caches.values().forEach(KindCache::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @SuppressWarnings("unchecked")
    private synchronized <T extends HasMetadata> KindCache<T> cache(Class<T> type) {
        var cache = (KindCache<T>) caches.get(type);
        if (cache == null) {
            throw new IllegalArgumentException(HasMetadata.getKind(type) + " is not cached; register it first");
        }
        return cache;
    }
}
