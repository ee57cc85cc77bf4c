package dev.converge.portal.platform.kubernetes.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of one kind: one per team namespace, or one for all namespaces, or one for a cluster-scoped kind.
 * Knows which informer holds which namespace, so a query reads only the stores it needs.
 */
final class KindCache<T extends HasMetadata> {

    private static final Logger log = LoggerFactory.getLogger(KindCache.class);
    private static final String ALL = "";
    /** Distinct sorted lists kept (namespace sets x orders); past it they are computed again. */
    private static final int MAX_SORTED_LISTS = 64;

    private final Class<T> type;
    private final Map<String, Function<T, List<String>>> indexers;
    /** Namespaces with an informer each; {@code null} means one informer sees every namespace. */
    private final Set<String> namespaces;
    /** Informers by the namespace they watch; {@link #ALL} for the one that watches everything. */
    private final Map<String, SharedIndexInformer<T>> informers = new ConcurrentHashMap<>();
    /** What each informer's start returned: done once it has listed. */
    private final Map<SharedIndexInformer<T>, CompletableFuture<Void>> firstLists = new ConcurrentHashMap<>();
    private final List<ResourceEventHandler<? super T>> listeners = new CopyOnWriteArrayList<>();
    /** Bumped on every change the informers report: a sorted list computed at an older version is stale. */
    private final AtomicLong version = new AtomicLong();
    private final Map<SortKey, Sorted<T>> sorted = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private long resyncMillis;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    /** Sticky: once every informer has listed, a read may serve the copy, with its age, while the server is away. */
    private volatile boolean everSynced;
    /** When the copy stopped being current (last known good); null while it is current. */
    private volatile Instant staleSince;

    KindCache(Class<T> type, Map<String, Function<T, List<String>>> indexers, Set<String> namespaces) {
        this.type = type;
        this.indexers = Map.copyOf(indexers);
        this.namespaces = namespaced(type) && namespaces != null ? Set.copyOf(namespaces) : null;
        listeners.add(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                version.incrementAndGet();
            }

            @Override
            public void onUpdate(T before, T after) {
                version.incrementAndGet();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                version.incrementAndGet();
            }
        });
    }

    static boolean namespaced(Class<?> type) {
        return Namespaced.class.isAssignableFrom(type);
    }

    Class<T> type() {
        return type;
    }

    String kind() {
        return HasMetadata.getKind(type);
    }

    boolean namespaced() {
        return namespaced(type);
    }

    /**
     * Creates and starts the informers without waiting for their first list: an unreachable API server must not
     * hold up start-up. The exception handler keeps them retrying (with fabric8's backoff) until it answers.
     */
    synchronized void start(KubernetesClient client, long resyncMillis) {
        if (!informers.isEmpty()) {
            return;
        }
        this.client = client;
        this.resyncMillis = resyncMillis;
        for (var key : namespaces == null ? Set.of(ALL) : namespaces) {
            informers.put(key, startInformer(newInformer(key)));
        }
    }

    /**
     * Replaces every informer by one that lists again, starting from what the old one held: listeners hear of what
     * changed meanwhile (updates, and deletes of what is gone), and until the list arrives pages show the old state
     * and the kind counts as not synced. Used after the API server was unreachable, because a watch that merely
     * resumes would keep objects the server no longer has.
     */
    synchronized void relist() {
        noteNotCurrent(Instant.now());
        informers.replaceAll((key, old) -> {
            old.stop();
            firstLists.remove(old);
            var fresh = newInformer(key);
            fresh.initialState(old.getStore().list().stream());
            return startInformer(fresh);
        });
    }

    private SharedIndexInformer<T> newInformer(String key) {
        var resources = client.resources(type);
        Informable<T> informable = !namespaced() ? resources
                : ALL.equals(key) ? resources.inAnyNamespace() : resources.inNamespace(key);
        return informable.withIndexers(indexers).runnableInformer(resyncMillis);
    }

    private SharedIndexInformer<T> startInformer(SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, error) -> {
            lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
            lastErrorAt = Instant.now();
            noteNotCurrent(lastErrorAt);
            log.debug("{} informer failed, retrying", kind(), error);
            return true;
        });
        listeners.forEach(informer::addEventHandler);
        firstLists.put(informer, informer.start().toCompletableFuture());
        return informer;
    }

    synchronized void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
        firstLists.clear();
    }

    synchronized void addListener(ResourceEventHandler<? super T> listener) {
        listeners.add(listener);
        informers.values().forEach(informer -> informer.addEventHandler(listener));
    }

    synchronized void removeListener(ResourceEventHandler<? super T> listener) {
        listeners.remove(listener);
        informers.values().forEach(informer -> informer.removeEventHandler(listener));
    }

    List<SharedIndexInformer<T>> informers() {
        return List.copyOf(informers.values());
    }

    /**
     * How far a read may trust the copy: current, stale since a given instant (it had listed everything once), or
     * never listed. Called on every read made for a request, so it is cheap: flags of the informers only.
     */
    Freshness freshness() {
        if (syncState().current()) {
            return Freshness.CURRENT;
        }
        var since = noteNotCurrent(Instant.now());
        return everSynced ? Freshness.stale(since) : Freshness.NEVER_SYNCED;
    }

    /** Waits up to {@code wait} for the first list of every informer; true once they have all listed. */
    boolean awaitFirstSync(java.time.Duration wait) {
        var started = informers().stream().map(firstLists::get).filter(Objects::nonNull)
                .toArray(CompletableFuture[]::new);
        if (started.length == 0) {
            return false;
        }
        try {
            CompletableFuture.allOf(started).get(wait.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return syncState().synced();
    }

    /** The copy is not current from {@code at} on, unless it already was not; returns when it stopped being. */
    private Instant noteNotCurrent(Instant at) {
        var all = informers.values();
        if (!all.isEmpty() && all.stream().allMatch(SharedIndexInformer::hasSynced)) {
            everSynced = true; // a relisting informer has not synced yet, but its predecessor had
        }
        var since = staleSince;
        if (since == null) {
            since = at;
            staleSince = at;
        }
        return since;
    }

    /** Whether reads of this kind are current, stale (listed once, not following changes now) or impossible. */
    record Freshness(boolean readable, Instant staleSince) {

        static final Freshness CURRENT = new Freshness(true, null);
        static final Freshness NEVER_SYNCED = new Freshness(false, null);

        static Freshness stale(Instant since) {
            return new Freshness(true, since);
        }

        boolean current() {
            return readable && staleSince == null;
        }
    }

    boolean failing() {
        return lastError != null;
    }

    /** Synced once every informer has listed, and still current: each is watching for changes. */
    KindSyncState syncState() {
        var all = informers.values();
        var synced = !all.isEmpty() && all.stream().allMatch(SharedIndexInformer::hasSynced);
        if (synced) {
            everSynced = true;
        }
        var watching = !all.isEmpty() && all.stream().allMatch(SharedIndexInformer::isWatching);
        if (synced && watching) {
            staleSince = null; // readiness asks every few seconds, so an old outage never dates a later one
        }
        return new KindSyncState(kind(), synced, watching, lastError, lastErrorAt);
    }

    Optional<T> get(String namespace, String name) {
        var key = namespaced() ? Cache.namespaceKeyFunc(namespace, name) : name;
        for (var informer : storesFor(namespace == null ? null : Set.of(namespace))) {
            var found = informer.getStore().getByKey(key);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /**
     * The objects in the given namespaces ({@code null}: all cached ones), read through an index when one is given.
     * One pass over the matching index entries, never over the whole cache when a namespace or index narrows it.
     */
    List<T> candidates(Set<String> wanted, String index, String key) {
        var result = new ArrayList<T>();
        for (var informer : storesFor(wanted)) {
            var indexer = informer.getIndexer();
            if (index != null) {
                addInNamespaces(result, indexer.byIndex(index, key), wanted);
            } else if (wanted != null && namespaced() && namespaces == null) {
                wanted.forEach(namespace -> result.addAll(indexer.byIndex(CacheIndexes.NAMESPACE, namespace)));
            } else {
                result.addAll(indexer.list());
            }
        }
        return result;
    }

    /**
     * {@link #candidates} in this order, computed once per change of the kind and shared by every request until the
     * next change: a list page of a large, quiet cluster then costs its page, not a sort of the whole list. The
     * comparator is part of the key by identity, so callers pass shared instances.
     */
    List<T> sortedCandidates(Set<String> wanted, String index, String key, Comparator<? super T> order) {
        return sortedCandidates(wanted, index, key, order, 0);
    }

    /**
     * As above, for an order that also reads other kinds (a Deployment's state reads its pods): {@code
     * othersVersion} grows with every change of those kinds, and a sorted list is reused only while it is the same.
     */
    List<T> sortedCandidates(Set<String> wanted, String index, String key, Comparator<? super T> order,
                             long othersVersion) {
        var sortKey = new SortKey(wanted == null ? null : Set.copyOf(wanted), index, key, order);
        // Both counters only grow, so their sum changes whenever either does.
        long current = version.get() + othersVersion;
        var memo = sorted.get(sortKey);
        if (memo != null && memo.version() == current) {
            return memo.items();
        }
        var items = candidates(wanted, index, key);
        items.sort(order);
        if (sorted.size() >= MAX_SORTED_LISTS) {
            sorted.clear();
        }
        var result = Collections.unmodifiableList(items);
        sorted.put(sortKey, new Sorted<>(current, result));
        return result;
    }

    /** Grows with every change the informers report. */
    long version() {
        return version.get();
    }

    private record SortKey(Set<String> namespaces, String index, String key, Comparator<?> order) {
    }

    private record Sorted<T>(long version, List<T> items) {
    }

    private void addInNamespaces(List<T> result, Collection<T> objects, Set<String> wanted) {
        if (wanted == null || !namespaced()) {
            result.addAll(objects);
            return;
        }
        objects.stream().filter(object -> wanted.contains(object.getMetadata().getNamespace())).forEach(result::add);
    }

    void requireIndex(String index) {
        if (!indexers.containsKey(index) && !CacheIndexes.NAMESPACE.equals(index)) {
            throw new IllegalArgumentException(kind() + " has no index '" + index + "'; it has " + indexers.keySet());
        }
    }

    boolean hasIndexKey(T object, String index, String key) {
        var indexer = CacheIndexes.NAMESPACE.equals(index)
                ? (Function<T, List<String>>) Cache::metaNamespaceIndexFunc
                : indexers.get(index);
        return indexer.apply(object).contains(key);
    }

    /** Per-namespace informers outside the wanted namespaces are skipped without being read. */
    private Collection<SharedIndexInformer<T>> storesFor(Set<String> wanted) {
        if (wanted == null || namespaces == null) {
            return informers.values();
        }
        return wanted.stream().map(informers::get).filter(Objects::nonNull).toList();
    }
}
