package dev.converge.portal.deployments;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.cache.CacheIndexes;
import dev.converge.portal.platform.kubernetes.cache.CacheQuery;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.InvalidInput;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.json.JsonMapper;

/**
 * What users see of deployments: lists, details, the spec an edit starts from, the deploy form's room per zone and
 * preview. Read from the informer caches only; {@link DeploymentManager} makes the changes.
 */
@org.springframework.stereotype.Service
public class DeploymentViews {

    private static final int EVENTS_SHOWN = 25;
    /** How long a change waits for the informer to deliver it before answering. */
    static final Duration READ_YOUR_WRITES = Duration.ofSeconds(3);

    private final KubernetesCaches caches;
    private final DeploymentManifests manifests;
    private final DeploymentRevisions revisions;
    private final Zones zones;
    private final TeamDirectory teams;
    private final DeploymentValidator validator;
    private final JsonMapper json;

    private final WorkingHours workingHours;

    DeploymentViews(KubernetesCaches caches, DeploymentManifests manifests, DeploymentRevisions revisions, Zones zones,
                    TeamDirectory teams, DeploymentValidator validator, JsonMapper json, WorkingHours workingHours) {
        this.workingHours = workingHours;
        this.validator = validator;
        this.json = json;
        this.caches = caches;
        this.manifests = manifests;
        this.revisions = revisions;
        this.zones = zones;
        this.teams = teams;
    }

    public ResultPage<DeploymentSummary> list(DeploymentFilter filter, CurrentUser user) {
        var query = caches.query(Deployment.class).label(DeploymentManifests.KIND_LABEL, "model");
        if (!user.isAdmin()) {
            query.namespaces(user.namespaces());
        }
        if (DeploymentFilter.given(filter.namespace())) {
            if (!user.canRead(filter.namespace())) {
                throw DeploymentAccessDenied.toRead(filter.namespace());
            }
            query.namespace(filter.namespace());
        }
        if (DeploymentFilter.given(filter.status())) {
            query.where(d -> DeploymentState.of(d, pods(d)).label().equalsIgnoreCase(filter.status()));
        }
        if (DeploymentFilter.given(filter.zone())) {
            query.where(d -> landedZones(d).contains(filter.zone()));
        }
        query.search(filter.q(), d -> d.getMetadata().getName(), DeploymentViews::image);
        var sort = filter.sortOrDefault();
        if (sort.endsWith("status")) {
            // The state reads the pods: the shared sorted list is made again when pods change too.
            query.sortBy(order(sort), Pod.class);
        } else {
            query.sortBy(order(sort));
        }
        var page = query.page(filter.pageOrFirst(), filter.sizeOrDefault());
        return new ResultPage<>(page.items().stream().map(this::summary).toList(), page.page(), page.size(),
                page.totalItems(), page.totalPages());
    }

    /**
     * The deployments the user may read that serve an MLflow model version: annotated
     * {@code converge.dev/mlflow-model=<name>/<version>}; from the cache, by namespace and name.
     */
    public List<DeploymentSummary> servingModel(String mlflowModel, CurrentUser user) {
        var query = caches.query(Deployment.class).label(DeploymentManifests.KIND_LABEL, "model");
        if (!user.isAdmin()) {
            query.namespaces(user.namespaces());
        }
        query.where(d -> d.getMetadata().getAnnotations() != null && mlflowModel.equals(
                d.getMetadata().getAnnotations().get(DeploymentSpec.MLFLOW_MODEL_ANNOTATION)));
        query.sortBy(CacheQuery.byNamespaceAndName());
        return query.list().stream().map(this::summary).toList();
    }

    public DeploymentDetail get(String namespace, String name, CurrentUser user) {
        if (!user.canRead(namespace)) {
            throw DeploymentAccessDenied.toRead(namespace);
        }
        var deployment = caches.get(Deployment.class, namespace, name)
                .orElseThrow(() -> notFound(namespace, name));
        return detail(deployment);
    }

    /**
     * The detail as the live stream shows it to every reader of the namespace (the stream checks who may read it),
     * from the cache; empty once the deployment is gone.
     */
    Optional<DeploymentDetail> liveDetail(String namespace, String name) {
        return caches.get(Deployment.class, namespace, name).map(this::detail);
    }

    private DeploymentDetail detail(Deployment deployment) {
        var namespace = deployment.getMetadata().getNamespace();
        var name = deployment.getMetadata().getName();
        var spec = specOf(deployment);
        var pods = pods(deployment);
        return new DeploymentDetail(summary(deployment, pods, spec), spec,
                deployment.getMetadata().getResourceVersion(),
                manifests.endpoint(namespace, name, spec.port() == null ? DeploymentSpec.DEFAULT_PORT : spec.port()),
                rollout(deployment), autoscaler(namespace, name),
                pods.stream().map(pod -> podView(pod, spec)).toList(), events(deployment, pods, spec),
                revisions.list(namespace, name));
    }

    /** The row the live stream shows: state and, while unschedulable, why, from the Deployment and its pods. */
    DeploymentRow rowOf(Deployment deployment) {
        var pods = pods(deployment);
        var state = DeploymentState.of(deployment, pods);
        return new DeploymentRow(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                DeploymentState.readyReplicas(deployment), DeploymentState.desiredReplicas(deployment), state.label(),
                state == DeploymentState.UNSCHEDULABLE ? unschedulableReason(pods, specOf(deployment)) : null, false);
    }

    /**
     * A Service or autoscaler the portal made whose Deployment is gone (a create or delete cut short), in the
     * user's namespaces: shown on the list so it can be deleted, since it has no detail page.
     */
    public List<DeploymentLeftover> leftovers(CurrentUser user) {
        var kinds = new java.util.TreeMap<String, List<String>>();
        for (var service : caches.list(Service.class, null)) {
            leftover(service, "Service", user).ifPresent(key -> kinds.computeIfAbsent(key, k -> new ArrayList<>())
                    .add("Service"));
        }
        for (var autoscaler : caches.list(HorizontalPodAutoscaler.class, null)) {
            leftover(autoscaler, "autoscaler", user).ifPresent(key -> kinds.computeIfAbsent(key,
                    k -> new ArrayList<>()).add("autoscaler"));
        }
        return kinds.entrySet().stream().map(entry -> {
            var slash = entry.getKey().indexOf('/');
            return new DeploymentLeftover(entry.getKey().substring(0, slash), entry.getKey().substring(slash + 1),
                    List.copyOf(entry.getValue()));
        }).toList();
    }

    private Optional<String> leftover(HasMetadata object, String kind, CurrentUser user) {
        var meta = object.getMetadata();
        if (!DeploymentDependents.madeByPortal(object) || !user.canRead(meta.getNamespace())
                || caches.get(Deployment.class, meta.getNamespace(), meta.getName()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(meta.getNamespace() + "/" + meta.getName());
    }

    /**
     * What rolling back to {@code revision} would change, against the current spec; the revisions one can roll back
     * to are all but the current one.
     */
    public RollbackPreview rollbackPreview(String namespace, String name, Integer revision, CurrentUser user) {
        var detail = get(namespace, name, user);
        var choices = detail.revisions().size() < 2 ? List.<DeploymentRevision>of()
                : detail.revisions().subList(1, detail.revisions().size());
        if (choices.isEmpty()) {
            throw DeploymentNotFound.noPreviousRevision(namespace, name);
        }
        var chosen = revision == null ? choices.get(0) : choices.stream().filter(r -> r.revision() == revision)
                .findFirst().orElseThrow(() -> InvalidDeployment.field("revision", "deployments.error.revision.unknown",
                        String.valueOf(revision)));
        return new RollbackPreview(detail, choices, chosen, SpecDiff.between(detail.spec(), chosen.spec(), json));
    }

    /** The revisions one may roll back to, the one chosen and what it changes ("replicas: 3 → 2"). */
    public record RollbackPreview(DeploymentDetail detail, List<DeploymentRevision> choices,
                                  DeploymentRevision chosen, List<String> changes) {
    }

    /**
     * The spec a deployment runs now, from the cache, for the portal's own jobs (cost advice): no user is asking,
     * so no permission is checked; never hand it to a user.
     */
    public Optional<DeploymentSpec> currentSpec(String namespace, String name) {
        return caches.get(Deployment.class, namespace, name).map(this::specOf);
    }

    /** When {@code schedule: working-hours} deployments run (the form says it; cost advice prices it). */
    public WorkingHours workingHours() {
        return workingHours;
    }

    /** The spec the edit form starts from, with the version it was read at. */
    public DeploymentSpec specForEdit(String namespace, String name, CurrentUser user) {
        var detail = get(namespace, name, user);
        return detail.spec().withResourceVersion(detail.resourceVersion());
    }

    /** How many pods of this size each zone has room for, and which zones are closed, for the deploy form. */
    public Map<String, Integer> room(DeploymentSpec.Resources resources) {
        var r = resources == null ? DeploymentSpec.Resources.DEFAULT : resources;
        var each = new ResourceAmounts(ResourceAmounts.amount(parse(r.cpu())).movePointRight(3).longValue(),
                ResourceAmounts.amount(parse(r.memory())).longValue(), r.gpus());
        return zones.room(each, r.gpuType());
    }

    /**
     * The objects a spec would create, as YAML, for the preview (the spec is not validated here); null while they
     * cannot be built yet, when {@link #previewProblems} says which fields are in the way.
     */
    public String previewYaml(DeploymentSpec spec, CurrentUser user) {
        try {
            var built = manifests.build(spec, user.username());
            var objects = new ArrayList<HasMetadata>(List.of(built.deployment(), built.service()));
            if (built.autoscaler() != null) {
                objects.add(built.autoscaler());
            }
            var yaml = new StringBuilder();
            objects.forEach(object -> yaml.append(Serialization.asYaml(object)));
            return yaml.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Why a spec could not be deployed as it stands, field by field (message keys); empty when it could. */
    public Optional<InvalidInput> previewProblems(DeploymentSpec spec, CurrentUser user) {
        try {
            validator.validateChange(spec, null, user);
            return Optional.empty();
        } catch (InvalidInput problem) {
            return Optional.of(problem);
        }
    }

    /** Not found; when the portal's Service or autoscaler of that name is left without it, the answer says so. */
    private DeploymentNotFound notFound(String namespace, String name) {
        var left = new ArrayList<String>();
        caches.get(Service.class, namespace, name).filter(DeploymentDependents::madeByPortal)
                .ifPresent(service -> left.add("Service"));
        caches.get(HorizontalPodAutoscaler.class, namespace, name).filter(DeploymentDependents::madeByPortal)
                .ifPresent(autoscaler -> left.add("autoscaler"));
        return left.isEmpty() ? DeploymentNotFound.named(namespace, name)
                : DeploymentNotFound.leftOver(namespace, name, left);
    }

    /** Written a moment ago: the cache may not have it yet, so the detail starts from what the server returned. */
    DeploymentDetail detailAfterWrite(Deployment written, DeploymentSpec spec) {
        // The page the user is sent to next reads the cache: let it show this change, not the state before it.
        caches.awaitObserved(written, READ_YOUR_WRITES);
        var ns = written.getMetadata().getNamespace();
        var name = written.getMetadata().getName();
        return new DeploymentDetail(summary(written), spec.withoutVersion(),
                written.getMetadata().getResourceVersion(),
                manifests.endpoint(ns, name, spec.port() == null ? DeploymentSpec.DEFAULT_PORT : spec.port()),
                rollout(written), autoscaler(ns, name), List.of(), List.of(), revisions.list(ns, name));
    }

    /** Lets the page the user returns to after a delete no longer show the deployment. */
    void awaitDeleted(String namespace, String name, String uid) {
        caches.awaitGone(Deployment.class, namespace, name, uid, READ_YOUR_WRITES);
    }

    DeploymentSpec specOf(Deployment deployment) {
        var stored = manifests.storedSpec(deployment).orElseGet(() -> SpecReader.read(deployment));
        var replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        var image = image(deployment);
        // Outside the working hours a scheduled Deployment runs none: its replicas are the stored ones.
        var scheduled = DeploymentSpec.WORKING_HOURS.equals(stored.schedule());
        var spec = new DeploymentSpec(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                image == null ? stored.image() : image, stored.modelUri(), stored.port(), stored.protocol(),
                stored.resources(), replicas == null || scheduled ? stored.replicas() : replicas, stored.zones(),
                stored.autoscaling(), stored.env(), null, stored.mlflowModel(), stored.capacity(), stored.schedule());
        return spec.withDefaults();
    }

    DeploymentSummary summary(Deployment deployment) {
        return summary(deployment, pods(deployment), null);
    }

    /** {@code spec} when already read, else null: read only when the reason needs it. */
    private DeploymentSummary summary(Deployment deployment, List<Pod> pods, DeploymentSpec spec) {
        var image = image(deployment);
        var meta = deployment.getMetadata();
        var created = meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp());
        var state = DeploymentState.of(deployment, pods);
        var reason = state != DeploymentState.UNSCHEDULABLE ? null
                : unschedulableReason(pods, spec == null ? specOf(deployment) : spec);
        return new DeploymentSummary(meta.getNamespace(), meta.getName(), DeploymentState.readyReplicas(deployment),
                DeploymentState.desiredReplicas(deployment), state.label(), reason,
                List.copyOf(landedZones(pods)), image,
                ImageReference.parse(image).map(ImageReference::digestPinned).orElse(false), created,
                teams.teamOf(meta.getNamespace()));
    }

    /** Why the first pod that waits for a node waits, in words (see {@link SchedulingReason}). */
    private String unschedulableReason(List<Pod> pods, DeploymentSpec spec) {
        return pods.stream().filter(DeploymentState::unschedulable).findFirst()
                .map(pod -> schedulingWords(scheduledMessage(pod), spec)).orElse(null);
    }

    private String schedulingWords(String message, DeploymentSpec spec) {
        var placement = spec.zones();
        var allowed = placement == null || DeploymentSpec.Placement.ANY.equals(placement.strategy()) ? List.<String>of()
                : placement.zones();
        var resources = spec.withDefaults().resources();
        return SchedulingReason.words(message, spec, zones.largestFree(allowed,
                resources.gpus() > 0 ? resources.gpuType() : null));
    }

    private static String scheduledMessage(Pod pod) {
        return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                .map(c -> c.getMessage()).filter(Objects::nonNull).findFirst().orElse("");
    }

    private Set<String> landedZones(Deployment deployment) {
        return landedZones(pods(deployment));
    }

    private Set<String> landedZones(List<Pod> pods) {
        var landed = new TreeSet<String>();
        for (var pod : pods) {
            zones.zoneOfNode(pod.getSpec() == null ? null : pod.getSpec().getNodeName()).ifPresent(landed::add);
        }
        return landed;
    }

    private List<Pod> pods(Deployment deployment) {
        var meta = deployment.getMetadata();
        var selector = deployment.getSpec() == null || deployment.getSpec().getSelector() == null ? null
                : deployment.getSpec().getSelector().getMatchLabels();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        var query = caches.query(Pod.class).namespace(meta.getNamespace());
        selector.forEach(query::label);
        return query.sortBy(CacheQuery.byName()).list();
    }

    private DeploymentDetail.PodView podView(Pod pod, DeploymentSpec spec) {
        var status = pod.getStatus();
        var statuses = status == null || status.getContainerStatuses() == null ? List.<ContainerStatus>of()
                : status.getContainerStatuses();
        var restarts = statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
        var ready = !statuses.isEmpty() && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
        var node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String reason = null;
        if (status != null && status.getConditions() != null) {
            reason = status.getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                    .map(c -> DeploymentState.unschedulable(pod) ? schedulingWords(c.getMessage(), spec)
                            : EventWording.plain("FailedScheduling", c.getMessage(), pod))
                    .findFirst().orElse(null);
        }
        var started = status == null || status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
        return new DeploymentDetail.PodView(pod.getMetadata().getName(), node, zones.zoneOfNode(node).orElse(null),
                status == null ? "Unknown" : status.getPhase(), ready, restarts, reason, started);
    }

    private List<DeploymentDetail.EventView> events(Deployment deployment, List<Pod> pods, DeploymentSpec spec) {
        var podsByUid = new java.util.HashMap<String, Pod>();
        pods.forEach(pod -> podsByUid.put(pod.getMetadata().getUid(), pod));
        var uids = new ArrayList<String>();
        uids.add(deployment.getMetadata().getUid());
        caches.query(ReplicaSet.class).namespace(deployment.getMetadata().getNamespace())
                .ownedBy(deployment.getMetadata().getUid()).list()
                .forEach(rs -> uids.add(rs.getMetadata().getUid()));
        uids.addAll(podsByUid.keySet());
        var views = new ArrayList<DeploymentDetail.EventView>();
        for (var uid : uids) {
            if (uid == null) {
                continue;
            }
            for (Event event : caches.query(Event.class).namespace(deployment.getMetadata().getNamespace())
                    .indexed(CacheIndexes.INVOLVED_OBJECT, uid).list()) {
                var pod = podsByUid.get(uid);
                views.add(new DeploymentDetail.EventView(eventTime(event), event.getType(), event.getReason(),
                        event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName(),
                        "FailedScheduling".equals(event.getReason()) && event.getMessage() != null
                                && event.getMessage().contains("Insufficient")
                                ? schedulingWords(event.getMessage(), spec)
                                : EventWording.plain(event.getReason(), event.getMessage(), pod), event.getMessage(),
                        event.getCount() == null ? 1 : event.getCount()));
            }
        }
        views.sort(Comparator.comparing(DeploymentDetail.EventView::at,
                Comparator.nullsLast(Comparator.<Instant>naturalOrder())).reversed());
        return views.size() > EVENTS_SHOWN ? List.copyOf(views.subList(0, EVENTS_SHOWN)) : views;
    }

    private static Instant eventTime(Event event) {
        var text = event.getLastTimestamp() != null ? event.getLastTimestamp()
                : event.getEventTime() != null ? event.getEventTime().getTime()
                : event.getMetadata().getCreationTimestamp();
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static DeploymentDetail.Rollout rollout(Deployment deployment) {
        var desired = DeploymentState.desiredReplicas(deployment);
        var ready = DeploymentState.readyReplicas(deployment);
        var status = deployment.getStatus();
        int updated = status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        int available = status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        int total = status == null || status.getReplicas() == null ? 0 : status.getReplicas();
        var complete = updated >= desired && ready >= desired && total == desired;
        var message = status == null || status.getConditions() == null ? null : status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType())).map(c -> c.getMessage()).findFirst().orElse(null);
        return new DeploymentDetail.Rollout(desired, updated, ready, available, complete, message);
    }

    private DeploymentDetail.Autoscaler autoscaler(String namespace, String name) {
        return caches.get(HorizontalPodAutoscaler.class, namespace, name).map(hpa -> {
            var target = hpa.getSpec().getMetrics() == null ? null : hpa.getSpec().getMetrics().stream()
                    .filter(m -> m.getResource() != null && "cpu".equals(m.getResource().getName()))
                    .map(m -> m.getResource().getTarget().getAverageUtilization()).findFirst().orElse(null);
            var current = hpa.getStatus() == null ? null : hpa.getStatus().getCurrentReplicas();
            return new DeploymentDetail.Autoscaler(hpa.getSpec().getMinReplicas() == null ? 1
                    : hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas(), target, current);
        }).orElse(null);
    }

    static String image(Deployment deployment) {
        var containers = deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null ? null
                : deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            return null;
        }
        return containers.stream().filter(c -> DeploymentManifests.SERVER_CONTAINER.equals(c.getName()))
                .findFirst().orElse(containers.get(0)).getImage();
    }

    /** One shared comparator per sort key: the cache keeps a sorted list per comparator (see CacheQuery#page). */
    private final Map<String, Comparator<Deployment>> orders = orders();

    private Comparator<Deployment> order(String sort) {
        return orders.getOrDefault(sort, orders.get("namespace"));
    }

    /**
     * The state the row shows, for the status sort. Only a deployment short of ready replicas can be Unschedulable,
     * so only those look up their pods (an index lookup each); the list of a mostly ready cluster sorts from the
     * Deployments alone. The sorted list is made once per change of deployments or pods and shared by the requests.
     */
    private String sortState(Deployment deployment) {
        var state = DeploymentState.of(deployment);
        return state == DeploymentState.PROGRESSING || state == DeploymentState.FAILED
                ? DeploymentState.of(deployment, pods(deployment)).label() : state.label();
    }

    private Map<String, Comparator<Deployment>> orders() {
        var byKey = Map.<String, Comparator<Deployment>>of(
                "name", Comparator.comparing((Deployment d) -> d.getMetadata().getName())
                        .thenComparing(d -> d.getMetadata().getNamespace()),
                "age", Comparator.comparing((Deployment d) ->
                                Objects.toString(d.getMetadata().getCreationTimestamp(), "")).reversed()
                        .thenComparing(d -> d.getMetadata().getName()),
                "status", Comparator.comparing(this::sortState)
                        .thenComparing(d -> d.getMetadata().getName()),
                "ready", Comparator.comparingInt(DeploymentState::readyReplicas)
                        .thenComparing(d -> d.getMetadata().getName()),
                "namespace", Comparator.<Deployment, String>comparing(d -> d.getMetadata().getNamespace())
                        .thenComparing(d -> d.getMetadata().getName()));
        var all = new java.util.HashMap<String, Comparator<Deployment>>(byKey);
        byKey.forEach((key, comparator) -> all.put("-" + key, comparator.reversed()));
        return Map.copyOf(all);
    }

    private static io.fabric8.kubernetes.api.model.Quantity parse(String text) {
        try {
            return io.fabric8.kubernetes.api.model.Quantity.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
