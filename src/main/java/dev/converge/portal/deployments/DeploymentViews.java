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

    DeploymentViews(KubernetesCaches caches, DeploymentManifests manifests, DeploymentRevisions revisions, Zones zones,
                    TeamDirectory teams, DeploymentValidator validator) {
        this.validator = validator;
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
            query.where(d -> DeploymentState.of(d).label().equalsIgnoreCase(filter.status()));
        }
        if (DeploymentFilter.given(filter.zone())) {
            query.where(d -> landedZones(d).contains(filter.zone()));
        }
        query.search(filter.q(), d -> d.getMetadata().getName(), DeploymentViews::image);
        query.sortBy(order(filter.sortOrDefault()));
        var page = query.page(filter.pageOrFirst(), filter.sizeOrDefault());
        return new ResultPage<>(page.items().stream().map(this::summary).toList(), page.page(), page.size(),
                page.totalItems(), page.totalPages());
    }

    public DeploymentDetail get(String namespace, String name, CurrentUser user) {
        if (!user.canRead(namespace)) {
            throw DeploymentAccessDenied.toRead(namespace);
        }
        var deployment = caches.get(Deployment.class, namespace, name)
                .orElseThrow(() -> notFound(namespace, name));
        var spec = specOf(deployment);
        var pods = pods(deployment);
        return new DeploymentDetail(summary(deployment), spec, deployment.getMetadata().getResourceVersion(),
                manifests.endpoint(namespace, name, spec.port() == null ? DeploymentSpec.DEFAULT_PORT : spec.port()),
                rollout(deployment), autoscaler(namespace, name), pods.stream().map(this::podView).toList(),
                events(deployment, pods), revisions.list(namespace, name));
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
        var spec = new DeploymentSpec(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                image == null ? stored.image() : image, stored.modelUri(), stored.port(), stored.protocol(),
                stored.resources(), replicas == null ? stored.replicas() : replicas, stored.zones(),
                stored.autoscaling(), stored.env(), null);
        return spec.withDefaults();
    }

    DeploymentSummary summary(Deployment deployment) {
        var image = image(deployment);
        var meta = deployment.getMetadata();
        var created = meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp());
        return new DeploymentSummary(meta.getNamespace(), meta.getName(), DeploymentState.readyReplicas(deployment),
                DeploymentState.desiredReplicas(deployment), DeploymentState.of(deployment).label(),
                List.copyOf(landedZones(deployment)), image,
                ImageReference.parse(image).map(ImageReference::digestPinned).orElse(false), created,
                teams.teamOf(meta.getNamespace()));
    }

    private Set<String> landedZones(Deployment deployment) {
        var landed = new TreeSet<String>();
        for (var pod : pods(deployment)) {
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

    private DeploymentDetail.PodView podView(Pod pod) {
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
                    .map(c -> EventWording.plain("FailedScheduling", c.getMessage(), pod)).findFirst().orElse(null);
        }
        var started = status == null || status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
        return new DeploymentDetail.PodView(pod.getMetadata().getName(), node, zones.zoneOfNode(node).orElse(null),
                status == null ? "Unknown" : status.getPhase(), ready, restarts, reason, started);
    }

    private List<DeploymentDetail.EventView> events(Deployment deployment, List<Pod> pods) {
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
                        EventWording.plain(event.getReason(), event.getMessage(), pod), event.getMessage(),
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
    private static final Map<String, Comparator<Deployment>> ORDERS = orders();

    private static Comparator<Deployment> order(String sort) {
        return ORDERS.getOrDefault(sort, ORDERS.get("namespace"));
    }

    private static Map<String, Comparator<Deployment>> orders() {
        var byKey = Map.<String, Comparator<Deployment>>of(
                "name", Comparator.comparing((Deployment d) -> d.getMetadata().getName())
                        .thenComparing(d -> d.getMetadata().getNamespace()),
                "age", Comparator.comparing((Deployment d) ->
                                Objects.toString(d.getMetadata().getCreationTimestamp(), "")).reversed()
                        .thenComparing(d -> d.getMetadata().getName()),
                "status", Comparator.comparing((Deployment d) -> DeploymentState.of(d).label())
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
