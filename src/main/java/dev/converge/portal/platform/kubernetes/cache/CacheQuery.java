package dev.converge.portal.platform.kubernetes.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A query over the informer cache of one kind, built fluently and run by {@link #list()}, {@link #count()} or
 * {@link #page(int, int)}. Never calls the API server. The first label (or the {@link #indexed index}) is looked up
 * through an index and the namespaces through the per-namespace stores; everything else filters that candidate
 * list in one pass. Returned objects are the cache's own: read them, never modify them.
 *
 * <pre>{@code
 * caches.query(Deployment.class)
 *         .namespaces(user.namespaces())
 *         .label("converge.dev/kind", "model")
 *         .search(q, d -> d.getMetadata().getName(), d -> image(d))
 *         .sortBy(CacheQuery.newestFirst())
 *         .page(page, 20);
 * }</pre>
 */
public final class CacheQuery<T extends HasMetadata> {

    /** Larger pages are cut to this, so one request cannot ask for the whole cluster at once. */
    public static final int MAX_PAGE_SIZE = 500;

    private final KindCache<T> cache;
    private Set<String> namespaces;
    private final List<IndexKey> indexKeys = new ArrayList<>();
    private final List<Predicate<? super T>> filters = new ArrayList<>();
    private Comparator<? super T> order = byNamespaceAndName();
    private final ToLongFunction<Class<? extends HasMetadata>> versionOf;
    private List<Class<? extends HasMetadata>> orderReads = List.of();

    CacheQuery(KindCache<T> cache, ToLongFunction<Class<? extends HasMetadata>> versionOf) {
        this.cache = cache;
        this.versionOf = versionOf;
    }

    /** Only objects in this namespace. */
    public CacheQuery<T> namespace(String namespace) {
        return namespaces(Set.of(namespace));
    }

    /** Only objects in these namespaces (an empty set matches nothing); calling it again narrows further. */
    public CacheQuery<T> namespaces(Collection<String> wanted) {
        var next = new TreeSet<>(wanted);
        if (namespaces != null) {
            next.retainAll(namespaces);
        }
        namespaces = next;
        return this;
    }

    /** Only objects carrying this label with this value. */
    public CacheQuery<T> label(String key, String value) {
        return indexed(CacheIndexes.LABEL, CacheIndexes.labelKey(key, value));
    }

    /** Only objects owned (owner reference) by the object with this uid. */
    public CacheQuery<T> ownedBy(String ownerUid) {
        return indexed(CacheIndexes.OWNER, ownerUid);
    }

    /** Only objects whose index (see {@link CacheIndexes}) holds this key, e.g. pods on a node. */
    public CacheQuery<T> indexed(String index, String key) {
        cache.requireIndex(index);
        indexKeys.add(new IndexKey(index, key));
        return this;
    }

    /** Only objects matching a condition the indexes cannot answer (status, zone, ...). */
    public CacheQuery<T> where(Predicate<? super T> condition) {
        filters.add(Objects.requireNonNull(condition));
        return this;
    }

    /**
     * Only objects where one of the fields contains the text, ignoring case; the name when no field is given. Blank
     * text matches everything, so a search box can pass its value straight through.
     */
    @SafeVarargs
    public final CacheQuery<T> search(String text, Function<? super T, String>... fields) {
        if (text == null || text.isBlank()) {
            return this;
        }
        var needle = text.strip().toLowerCase(Locale.ROOT);
        List<Function<? super T, String>> searched = fields.length == 0
                ? List.of(object -> object.getMetadata().getName())
                : List.of(fields);
        return where(object -> searched.stream()
                .map(field -> field.apply(object))
                .anyMatch(value -> value != null && value.toLowerCase(Locale.ROOT).contains(needle)));
    }

    /** The order of {@link #list()} and {@link #page}; namespace then name unless told otherwise. */
    public CacheQuery<T> sortBy(Comparator<? super T> comparator) {
        order = Objects.requireNonNull(comparator);
        orderReads = List.of();
        return this;
    }

    /**
     * An order that also reads objects of other kinds from the caches (a Deployment's state reads its pods): the
     * sorted list {@link #page} reuses is then made again when those kinds change too, not only this one.
     */
    @SafeVarargs
    public final CacheQuery<T> sortBy(Comparator<? super T> comparator, Class<? extends HasMetadata>... reads) {
        sortBy(comparator);
        orderReads = List.of(reads);
        return this;
    }

    public List<T> list() {
        var matches = matches();
        matches.sort(order);
        return matches;
    }

    public long count() {
        return matches().size();
    }

    /**
     * One page, counting from 0. The size is held within 1..{@value #MAX_PAGE_SIZE}; a page past the end gives the
     * last page, so a list that shrank under the user still shows something. The candidates come sorted from the
     * cache (sorted once per change of the kind, see {@link KindCache#sortedCandidates}); conditions then filter them
     * in that order, so a page view never sorts. Pass shared comparators ({@link #byName()} and friends are).
     */
    public ResultPage<T> page(int page, int size) {
        int boundedSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        var matches = sortedMatches();
        int lastPage = Math.max(0, (matches.size() - 1) / boundedSize);
        int shown = Math.max(0, Math.min(page, lastPage));
        int from = Math.min(shown * boundedSize, matches.size());
        int to = Math.min(from + boundedSize, matches.size());
        int totalPages = (int) Math.ceil(matches.size() / (double) boundedSize);
        return new ResultPage<>(matches.subList(from, to), shown, boundedSize, matches.size(), totalPages);
    }

    private List<T> sortedMatches() {
        long othersVersion = orderReads.stream().mapToLong(versionOf).sum();
        return filtered(lookup -> cache.sortedCandidates(namespaces, lookup == null ? null : lookup.index(),
                lookup == null ? null : lookup.key(), order, othersVersion));
    }

    private boolean passes(T candidate, List<IndexKey> keys) {
        return keys.stream().allMatch(key -> cache.hasIndexKey(candidate, key.index(), key.key()))
                && filters.stream().allMatch(filter -> filter.test(candidate));
    }

    /** Unsorted, in a list of its own (list() sorts it in place). */
    private List<T> matches() {
        return filtered(lookup -> cache.candidates(namespaces, lookup == null ? null : lookup.index(),
                lookup == null ? null : lookup.key()));
    }

    /**
     * The candidates the first index key (or none) selects, then the other index keys and the conditions, in the
     * candidates' order. A fresh list unless nothing needs filtering.
     */
    private List<T> filtered(Function<IndexKey, List<T>> candidatesFor) {
        if (namespaces != null && namespaces.isEmpty()) {
            return new ArrayList<>();
        }
        var candidates = candidatesFor.apply(indexKeys.isEmpty() ? null : indexKeys.get(0));
        var rest = indexKeys.size() > 1 ? indexKeys.subList(1, indexKeys.size()) : List.<IndexKey>of();
        if (rest.isEmpty() && filters.isEmpty()) {
            return candidates;
        }
        var result = new ArrayList<T>();
        for (var candidate : candidates) {
            if (passes(candidate, rest)) {
                result.add(candidate);
            }
        }
        return result;
    }

    private static final Comparator<HasMetadata> BY_NAME = Comparator.comparing(object -> object.getMetadata().getName());
    private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME = Comparator.comparing(
                    (HasMetadata object) -> Objects.toString(object.getMetadata().getNamespace(), ""))
            .thenComparing(object -> object.getMetadata().getName());
    private static final Comparator<HasMetadata> NEWEST_FIRST = Comparator.comparing((HasMetadata object) ->
                    Objects.toString(object.getMetadata().getCreationTimestamp(), ""))
            .reversed()
            .thenComparing(BY_NAMESPACE_AND_NAME);

    public static Comparator<HasMetadata> byName() {
        return BY_NAME;
    }

    public static Comparator<HasMetadata> byNamespaceAndName() {
        return BY_NAMESPACE_AND_NAME;
    }

    /** Newest first; Kubernetes timestamps are RFC 3339 in UTC, so text order is time order. */
    public static Comparator<HasMetadata> newestFirst() {
        return NEWEST_FIRST;
    }

    private record IndexKey(String index, String key) {
    }
}
