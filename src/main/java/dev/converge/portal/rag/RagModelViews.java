package dev.converge.portal.rag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.stereotype.Service;

/** Reads RAG models from the informer caches only, in the namespaces the user may read. */
@Service
public class RagModelViews {

    private final KubernetesCaches caches;
    private final RagDiscovery discovery;
    private final RagCrdPresence crd;
    private final String documentsBucket;
    private final int runtimePort;

    RagModelViews(KubernetesCaches caches, RagDiscovery discovery, RagCrdPresence crd, ArtifactStore store,
                  RagSettings settings) {
        this.caches = caches;
        this.runtimePort = settings.runtimePort();
        this.crd = crd;
        this.discovery = discovery;
        this.documentsBucket = store.bucketName(Bucket.DOCUMENTS);
    }

    /** Filters of the list: namespace, phase, a text in the name, and {@code source=all} for other operators'. */
    public record Filter(String namespace, String phase, String q, String source) {
        public boolean all() {
            return "all".equalsIgnoreCase(source);
        }

        /** Whether it leaves some models out: an empty list then says "no match", not "none yet". */
        public boolean narrowed() {
            return Stream.of(namespace, phase, q).anyMatch(value -> value != null && !value.isBlank());
        }
    }

    public List<RagModelSummary> list(Filter filter, CurrentUser user) {
        crd.require();
        var items = new ArrayList<RagModelSummary>();
        for (var model : caches.list(RagModel.class, null)) {
            if (user.canRead(model.getMetadata().getNamespace())) {
                items.add(summary(model));
            }
        }
        if (filter.all()) {
            items.addAll(discovery.foreign(user));
        }
        return items.stream()
                .filter(s -> blank(filter.namespace()) || s.namespace().equals(filter.namespace()))
                .filter(s -> blank(filter.phase()) || s.phase().equalsIgnoreCase(filter.phase()))
                .filter(s -> blank(filter.q()) || s.name().toLowerCase(Locale.ROOT)
                        .contains(filter.q().strip().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(RagModelSummary::namespace).thenComparing(RagModelSummary::name))
                .toList();
    }

    /** RAG models that are Ready in the user's namespaces: what a chat model catalog offers (after merge). */
    public List<RagModelSummary> readyFor(CurrentUser user) {
        return list(new Filter(null, RagModelStatus.Phase.Ready.name(), null, null), user);
    }

    /** How many RAG models the user sees, for the home page. */
    public int count(CurrentUser user) {
        if (!crd.installed()) {
            return 0;
        }
        return (int) caches.list(RagModel.class, null).stream()
                .filter(m -> user.canRead(m.getMetadata().getNamespace())).count();
    }

    /**
     * A RagModel as a chat model: whether its runtime answers (the {@code Available} condition) and, when not, why
     * in words; and the runtime's Service ({@code rag-<name>}) and port, which serve the OpenAI chat protocol.
     */
    public record Chattable(String namespace, String name, boolean ready, String reason, String service, int port) {
    }

    /** The portal's own RagModels in the user's namespaces as chat models; none when the CRD is not installed. */
    public List<Chattable> chattable(CurrentUser user) {
        if (!crd.installed()) {
            return List.of();
        }
        return caches.list(RagModel.class, null).stream()
                .filter(m -> user.canRead(m.getMetadata().getNamespace()))
                .map(this::chattable)
                .sorted(Comparator.comparing(Chattable::namespace).thenComparing(Chattable::name))
                .toList();
    }

    /** One RagModel as a chat model; {@link RagModelNotFound} when the user may not read it or it does not exist. */
    public Chattable chattable(String namespace, String name, CurrentUser user) {
        return chattable(require(namespace, name, user));
    }

    private Chattable chattable(RagModel model) {
        var meta = model.getMetadata();
        var status = model.getStatus();
        var phase = status == null || status.phase == null ? RagModelStatus.Phase.Pending : status.phase;
        var available = status == null || status.conditions == null ? null : status.conditions.stream()
                .filter(c -> RagStatusRules.AVAILABLE.equals(c.type)).findFirst().orElse(null);
        var ready = available != null && "True".equals(available.status);
        var reason = ready ? null : phase.name() + (available == null || available.message == null ? ""
                : ": " + available.message);
        return new Chattable(meta.getNamespace(), meta.getName(), ready, reason,
                RagManifests.workloadName(meta.getName()), runtimePort);
    }

    /** The live rows of the portal's own models among these, by {@code namespace/name}, for the list's first render. */
    public Map<String, RagModelRow> rows(List<RagModelSummary> models) {
        var rows = new HashMap<String, RagModelRow>();
        for (var summary : models) {
            if (summary.own()) {
                caches.get(RagModel.class, summary.namespace(), summary.name())
                        .ifPresent(model -> rows.put(summary.namespace() + "/" + summary.name(), row(model)));
            }
        }
        return rows;
    }

    public RagModel require(String namespace, String name, CurrentUser user) {
        if (!user.canRead(namespace)) {
            throw RagModelNotFound.named(namespace, name);
        }
        crd.require();
        return caches.get(RagModel.class, namespace, name).orElseThrow(() -> RagModelNotFound.named(namespace, name));
    }

    public RagModelDetail get(String namespace, String name, CurrentUser user) {
        return detail(require(namespace, name, user));
    }

    RagModelDetail detail(RagModel model) {
        var meta = model.getMetadata();
        var status = model.getStatus();
        var conditions = status == null || status.conditions == null ? List.<RagModelDetail.ConditionView>of()
                : status.conditions.stream().map(c -> new RagModelDetail.ConditionView(c.type, c.status, c.reason,
                        c.message, c.lastTransitionTime)).toList();
        var pods = caches.list(Pod.class, meta.getNamespace()).stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && meta.getName().equals(p.getMetadata().getLabels().get(RagManifests.MODEL_LABEL)))
                .map(p -> new RagModelDetail.PodView(p.getMetadata().getName(),
                        p.getStatus() == null ? "Pending" : p.getStatus().getPhase(), ready(p),
                        p.getSpec() == null ? null : p.getSpec().getNodeName()))
                .toList();
        var workload = RagManifests.workloadName(meta.getName());
        var events = caches.list(Event.class, meta.getNamespace()).stream()
                .filter(e -> e.getInvolvedObject() != null && (meta.getName().equals(e.getInvolvedObject().getName())
                        || (e.getInvolvedObject().getName() != null
                        && e.getInvolvedObject().getName().startsWith(workload))))
                .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getLastTimestamp())).reversed())
                .limit(20)
                .map(e -> new RagModelDetail.EventView(e.getType(), e.getReason(), e.getMessage(),
                        e.getLastTimestamp()))
                .toList();
        var defaults = RagDefaults.of(model);
        return new RagModelDetail(summary(model), model.getSpec(), meta.getResourceVersion(), meta.getGeneration(),
                status == null ? null : status.observedGeneration, status == null ? null : status.lastIndexedAt,
                status == null ? null : status.failedDocuments, conditions, pods, events,
                defaults.bucketOrNull() == null ? documentsBucket : defaults.bucket(), defaults.prefix());
    }

    /** A RagModel as its live row shows it (the list and {@link RagLivePublisher} render the same). */
    static RagModelRow row(RagModel model) {
        var meta = model.getMetadata();
        var status = model.getStatus();
        var phase = status == null || status.phase == null ? RagModelStatus.Phase.Pending.name() : status.phase.name();
        var unavailable = status == null || status.conditions == null ? null : status.conditions.stream()
                .filter(c -> RagStatusRules.AVAILABLE.equals(c.type) && !"True".equals(c.status))
                .map(c -> c.message).findFirst().orElse(null);
        return new RagModelRow(meta.getNamespace(), meta.getName(), phase, unavailable,
                status == null ? null : status.indexedDocuments, status == null ? null : status.chunks, false);
    }

    static RagModelSummary summary(RagModel model) {
        var meta = model.getMetadata();
        var status = model.getStatus();
        return new RagModelSummary(meta.getNamespace(), meta.getName(), RagModelSummary.CONVERGE, RagModel.KIND,
                status == null || status.phase == null ? RagModelStatus.Phase.Pending.name() : status.phase.name(),
                RagDefaults.of(model).baseModelText(), status == null ? null : status.indexedDocuments,
                status == null ? null : status.chunks, status == null ? null : status.endpoint,
                meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp()));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
