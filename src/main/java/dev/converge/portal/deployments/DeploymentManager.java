package dev.converge.portal.deployments;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.platform.kubernetes.cache.CacheIndexes;
import dev.converge.portal.platform.kubernetes.cache.CacheQuery;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment manager: deploys models and changes them (update, redeploy, scale, roll back, delete), reading lists
 * and details from the informer caches and writing to the API server with create / update carrying the
 * {@code resourceVersion}, so a concurrent change is detected instead of overwritten. Every change is audited, also
 * when it is refused or fails. A create that fails half-way removes what it had made, and only that; the Service and
 * autoscaler carry the uid of the Deployment they were made for, which is how concurrent creates and deletes of one
 * name tell their objects apart.
 */
@org.springframework.stereotype.Service
public class DeploymentManager {

    private static final Logger log = LoggerFactory.getLogger(DeploymentManager.class);
    private static final int EVENTS_SHOWN = 25;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final DeploymentValidator validator;
    private final DeploymentManifests manifests;
    private final DeploymentRevisions revisions;
    private final Zones zones;
    private final TeamDirectory teams;
    private final AuditLog audit;
    private final DeploymentSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    public DeploymentManager(KubernetesClient client, KubernetesCaches caches, DeploymentValidator validator,
                             DeploymentManifests manifests, DeploymentRevisions revisions, Zones zones,
                             TeamDirectory teams, AuditLog audit, DeploymentSettings settings, JsonMapper json,
                             Clock clock) {
        this.client = client;
        this.caches = caches;
        this.validator = validator;
        this.manifests = manifests;
        this.revisions = revisions;
        this.zones = zones;
        this.teams = teams;
        this.audit = audit;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    // ---- reading (informer caches only) ----

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
        query.search(filter.q(), d -> d.getMetadata().getName(), DeploymentManager::image);
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

    /** The fields of a spec that are not valid, as the form would show them; empty when it could be deployed. */
    public Map<String, String> previewProblems(DeploymentSpec spec, CurrentUser user) {
        try {
            validator.validateChange(spec, null, user);
            return Map.of();
        } catch (DeploymentProblem e) {
            return e.fieldErrors();
        }
    }

    // ---- changing (API server, audited) ----

    /**
     * Creates the Deployment, then its Service and autoscaler marked with the Deployment's uid. A Service or
     * autoscaler of that name the portal left behind earlier (without a Deployment) is taken over; one the portal did
     * not make is not touched and the create is undone. When a concurrent delete removed the new Deployment before
     * the create finished, what this create made is removed and the create answers 409, so a 201 always means the
     * whole set existed.
     */
    public DeploymentDetail create(DeploymentSpec request, CurrentUser user) {
        var target = target(request.namespace(), request.name());
        return audited(user, "deployment.create", target, () -> {
            var spec = validator.validateNew(request, user);
            var built = manifests.build(spec, user.username());
            Deployment created;
            try {
                created = client.resource(built.deployment()).create();
            } catch (KubernetesClientException e) {
                if (KubernetesErrors.isConflict(e)) {
                    throw DeploymentAlreadyExists.named(spec.namespace(), spec.name());
                }
                throw ClusterCallFailed.of(e, "deployment " + target);
            }
            var uid = created.getMetadata().getUid();
            try {
                revisions.forget(spec.namespace(), spec.name()); // rows of an earlier deployment of this name
                putDependents(spec, built, uid);
            } catch (RuntimeException e) {
                undo(spec.namespace(), spec.name(), uid);
                if (e instanceof DeploymentNotFound) {
                    throw DeploymentChanged.deletedWhileCreating(spec.namespace(), spec.name());
                }
                if (e instanceof KubernetesClientException k) {
                    throw ClusterCallFailed.of(k, "the service or autoscaler of " + target);
                }
                throw e;
            }
            revisions.record(spec, created.getMetadata().getResourceVersion(), user.username(), "create");
            return detailAfterWrite(created, spec);
        }, request);
    }

    public DeploymentDetail update(String namespace, String name, DeploymentSpec request, CurrentUser user) {
        var target = target(namespace, name);
        return audited(user, "deployment.update", target, () -> {
            validator.requireWrite(namespace, user);
            requireSameTarget(request, namespace, name);
            var wanted = withTarget(request, namespace, name);
            if (wanted.resourceVersion() == null || wanted.resourceVersion().isBlank()) {
                throw InvalidDeployment.field("resourceVersion",
                        "send the resourceVersion you read, so a concurrent change is not overwritten");
            }
            // The write carries the version checked here; when the API server refuses it (a status write got in
            // between), the check runs again on the new copy, against the version the client read.
            return onFreshCopy(namespace, name, current -> {
                var currentSpec = specOf(current);
                var spec = validator.validateChange(wanted, currentSpec, user);
                var version = versionToWrite(current, currentSpec, wanted.resourceVersion());
                return detailAfterWrite(apply(current, version, spec, user, "update"), spec);
            });
        }, request);
    }

    public DeploymentDetail scale(String namespace, String name, Integer replicas, CurrentUser user) {
        var target = target(namespace, name);
        return audited(user, "deployment.scale", target, () -> {
            validator.requireWrite(namespace, user);
            if (replicas == null || replicas < 0 || replicas > settings.maxReplicas()) {
                throw InvalidDeployment.field("replicas", "must be between 0 and " + settings.maxReplicas());
            }
            return onFreshCopy(namespace, name, current -> {
                var spec = specOf(current);
                if (spec.autoscaling() != null && spec.autoscaling().on()) {
                    throw InvalidDeployment.field("replicas", "autoscaling sets the replicas of this deployment;"
                            + " change its minimum and maximum instead");
                }
                var scaled = spec.withReplicas(replicas);
                var updated = apply(current, current.getMetadata().getResourceVersion(), scaled, user, "scale");
                return detailAfterWrite(updated, scaled);
            });
        }, Map.of("replicas", String.valueOf(replicas)));
    }

    /** A rolling restart: every pod is replaced, the spec stays. */
    public DeploymentDetail redeploy(String namespace, String name, CurrentUser user) {
        var target = target(namespace, name);
        return audited(user, "deployment.redeploy", target, () -> {
            validator.requireWrite(namespace, user);
            var restartedAt = Instant.now(clock).toString();
            return onFreshCopy(namespace, name, current -> {
                var changed = Serialization.clone(current);
                var template = changed.getSpec().getTemplate().getMetadata();
                var annotations = template.getAnnotations() == null
                        ? new java.util.LinkedHashMap<String, String>()
                        : new java.util.LinkedHashMap<>(template.getAnnotations());
                annotations.put(DeploymentManifests.RESTARTED_AT_ANNOTATION, restartedAt);
                template.setAnnotations(annotations);
                var updated = write(changed, target);
                return detailAfterWrite(updated, specOf(updated));
            });
        }, null);
    }

    /** Applies the revision before the current one again, as a new revision. */
    public DeploymentDetail rollback(String namespace, String name, CurrentUser user) {
        var target = target(namespace, name);
        return audited(user, "deployment.rollback", target, () -> {
            validator.requireWrite(namespace, user);
            var history = revisions.list(namespace, name);
            if (history.size() < 2) {
                throw DeploymentNotFound.noPreviousRevision(namespace, name);
            }
            var previous = history.get(1);
            var spec = validator.validateChange(withTarget(previous.spec(), namespace, name), previous.spec(), user);
            return onFreshCopy(namespace, name, current -> detailAfterWrite(apply(current,
                    current.getMetadata().getResourceVersion(), spec, user,
                    "rollback to revision " + previous.revision()), spec));
        }, null);
    }

    /**
     * Removes the autoscaler, the Service and the Deployment (whose pods the cluster then removes): whatever of the
     * set exists, also a Service or autoscaler left without its Deployment. Answers 404 when nothing was there, and
     * when a concurrent delete removed the Deployment first: only one delete of a deployment succeeds.
     */
    public void delete(String namespace, String name, CurrentUser user) {
        var target = target(namespace, name);
        audited(user, "deployment.delete", target, () -> {
            validator.requireWrite(namespace, user);
            try {
                var current = client.apps().deployments().inNamespace(namespace).withName(name).get();
                boolean removed;
                if (current == null) {
                    removed = removeDependents(namespace, name, null) > 0;
                } else {
                    var uid = current.getMetadata().getUid();
                    removeDependents(namespace, name, uid);
                    removed = !client.apps().deployments().inNamespace(namespace).withName(name)
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
                    // A create or update of this deployment may have made a Service or autoscaler meanwhile.
                    removeDependents(namespace, name, uid);
                }
                if (!removed) {
                    throw DeploymentNotFound.named(namespace, name);
                }
            } catch (KubernetesClientException e) {
                throw ClusterCallFailed.of(e, "deployment " + target);
            }
            revisions.forget(namespace, name);
            return null;
        }, null);
    }

    // ---- internals ----

    /**
     * Runs a change that needs no user-seen version (scale, redeploy, roll back) on the newest copy, again on a
     * fresh one when the controller's status writes got in between, a few times at most.
     */
    private <T> T onFreshCopy(String namespace, String name, java.util.function.Function<Deployment, T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.apply(fetch(namespace, name));
            } catch (DeploymentChanged e) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The version to write with. When the client read the current version, that one. When only status or a
     * restart changed since (the spec the client saw is still the spec), the current one: refusing would make every
     * edit during a rollout fail. Otherwise the change would overwrite someone else's: refuse, saying what changed.
     * A version newer than the current one (or not a number) cannot have been read: refused like a stale one, since
     * accepting it would let any made-up number pass for "read after the last change".
     */
    private String versionToWrite(Deployment current, DeploymentSpec currentSpec, String seenVersion) {
        var currentVersion = current.getMetadata().getResourceVersion();
        if (Objects.equals(currentVersion, seenVersion)) {
            return currentVersion;
        }
        var ns = current.getMetadata().getNamespace();
        var name = current.getMetadata().getName();
        var seen = newerThan(seenVersion, currentVersion) ? Optional.<DeploymentRevision>empty()
                : revisions.seenAt(ns, name, seenVersion);
        var latest = revisions.list(ns, name).stream().findFirst();
        if (seen.isPresent() && latest.isPresent() && seen.get().revision() == latest.get().revision()
                && SpecDiff.between(seen.get().spec(), currentSpec, json).isEmpty()) {
            return currentVersion;
        }
        var changes = seen.map(revision -> SpecDiff.between(revision.spec(), currentSpec, json)).orElse(List.of());
        throw DeploymentChanged.since(ns, name, changes, latest.map(DeploymentRevision::appliedBy).orElse(null));
    }

    /**
     * Whether a version is one no client can have read, being newer than the object's current one. Resource versions
     * are opaque in general; the API servers the portal talks to hand out increasing numbers (see
     * {@link DeploymentRevisions#seenAt}), and a version that is not a number proves nothing either way.
     */
    private static boolean newerThan(String seenVersion, String currentVersion) {
        try {
            return Long.parseLong(seenVersion) > Long.parseLong(currentVersion);
        } catch (NumberFormatException | NullPointerException e) {
            return true;
        }
    }

    /** Writes a spec onto the current objects (keeping their identity, status and restart annotation). */
    private Deployment apply(Deployment current, String version, DeploymentSpec spec, CurrentUser user,
                             String action) {
        var target = target(spec.namespace(), spec.name());
        var built = manifests.build(spec, createdBy(current, user));
        var changed = Serialization.clone(current);
        changed.getMetadata().setResourceVersion(version);
        changed.getMetadata().setLabels(built.deployment().getMetadata().getLabels());
        var annotations = changed.getMetadata().getAnnotations() == null
                ? new java.util.LinkedHashMap<String, String>()
                : new java.util.LinkedHashMap<>(changed.getMetadata().getAnnotations());
        annotations.putAll(built.deployment().getMetadata().getAnnotations());
        changed.getMetadata().setAnnotations(annotations);
        var restartedAt = current.getSpec().getTemplate().getMetadata().getAnnotations();
        var newSpec = built.deployment().getSpec();
        if (restartedAt != null && restartedAt.containsKey(DeploymentManifests.RESTARTED_AT_ANNOTATION)) {
            newSpec.getTemplate().getMetadata().setAnnotations(Map.of(DeploymentManifests.RESTARTED_AT_ANNOTATION,
                    restartedAt.get(DeploymentManifests.RESTARTED_AT_ANNOTATION)));
        }
        newSpec.setSelector(current.getSpec().getSelector()); // immutable in Kubernetes
        changed.setSpec(newSpec);
        var updated = write(changed, target);
        try {
            putDependents(spec, built, updated.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            throw ClusterCallFailed.of(e, "the service or autoscaler of " + target);
        }
        revisions.record(spec, updated.getMetadata().getResourceVersion(), user.username(), action);
        return updated;
    }

    private Deployment write(Deployment changed, String target) {
        try {
            return client.resource(changed).update();
        } catch (KubernetesClientException e) {
            if (KubernetesErrors.isConflict(e)) {
                throw DeploymentChanged.since(changed.getMetadata().getNamespace(), changed.getMetadata().getName(),
                        List.of(), null);
            }
            throw ClusterCallFailed.of(e, "deployment " + target);
        }
    }

    /**
     * Makes the Service and the autoscaler (or its absence) match the spec, marked as belonging to the Deployment with
     * {@code uid}. A portal-made one of the same name that belongs to no live Deployment is taken over; one the portal
     * did not make stops the write. Ends by checking that the Deployment is still the one they belong to, and again
     * that they are still there: a concurrent delete may have removed the Deployment (then this write failed: 404)
     * or, between its two passes, a dependent.
     */
    private void putDependents(DeploymentSpec spec, DeploymentManifests.Manifests built, String uid) {
        var ns = spec.namespace();
        var name = spec.name();
        for (int attempt = 1; ; attempt++) {
            requireLive(ns, name, uid);
            put(client.services().inNamespace(ns).withName(name), ownedBy(built.service(), uid), "Service",
                    (existing, wanted) -> {
                        existing.getSpec().setPorts(wanted.getSpec().getPorts());
                        existing.getSpec().setSelector(wanted.getSpec().getSelector());
                    });
            var autoscalers = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName(name);
            if (built.autoscaler() == null) {
                var existing = autoscalers.get();
                if (existing != null && madeByPortal(existing)) {
                    autoscalers.lockResourceVersion(existing.getMetadata().getResourceVersion()).delete();
                }
            } else {
                put(autoscalers, ownedBy(built.autoscaler(), uid), "HorizontalPodAutoscaler",
                        (existing, wanted) -> existing.setSpec(wanted.getSpec()));
            }
            try {
                requireLive(ns, name, uid);
            } catch (DeploymentNotFound e) {
                removeDependents(ns, name, uid); // the delete's last pass may have run before they were written
                throw e;
            }
            var service = client.services().inNamespace(ns).withName(name).get();
            var autoscaler = autoscalers.get();
            if (service != null && uid.equals(ownerUid(service)) && (built.autoscaler() == null
                    ? autoscaler == null || !madeByPortal(autoscaler) : autoscaler != null
                    && uid.equals(ownerUid(autoscaler)))) {
                return;
            }
            if (attempt >= CONFLICT_ATTEMPTS) {
                throw DeploymentChanged.since(ns, name, List.of(), null);
            }
        }
    }

    /** Creates the object, or takes over a portal-made one of the same name (at its version: a change in between is a 409). */
    private <T extends HasMetadata> void put(io.fabric8.kubernetes.client.dsl.Resource<T> named, T wanted, String kind,
                                             java.util.function.BiConsumer<T, T> copySpec) {
        for (int attempt = 1; ; attempt++) {
            try {
                var existing = named.get();
                if (existing == null) {
                    client.resource(wanted).create();
                    return;
                }
                if (!madeByPortal(existing)) {
                    throw DeploymentAlreadyExists.nameTakenBy(wanted.getMetadata().getNamespace(),
                            wanted.getMetadata().getName(), kind);
                }
                var changed = Serialization.clone(existing);
                changed.getMetadata().setLabels(wanted.getMetadata().getLabels());
                var annotations = changed.getMetadata().getAnnotations() == null
                        ? new java.util.LinkedHashMap<String, String>()
                        : new java.util.LinkedHashMap<>(changed.getMetadata().getAnnotations());
                annotations.putAll(wanted.getMetadata().getAnnotations());
                changed.getMetadata().setAnnotations(annotations);
                copySpec.accept(changed, wanted);
                client.resource(changed).update();
                return;
            } catch (KubernetesClientException e) {
                if (!(KubernetesErrors.isConflict(e) || KubernetesErrors.isNotFound(e)) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Fails with 404 unless the Deployment of that name is the one with {@code uid}. */
    private void requireLive(String namespace, String name, String uid) {
        var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (live == null || !uid.equals(live.getMetadata().getUid())) {
            throw DeploymentNotFound.deletedMeanwhile(namespace, name);
        }
    }

    /**
     * Deletes the portal-made Service and autoscaler of that name that belong to the Deployment {@code doomedUid}
     * or to no live Deployment; those of a live Deployment other than the doomed one are another request's and stay.
     * Each is read before the live Deployment, and deleted at the version read, so one made for a Deployment created
     * meanwhile is never taken for a leftover. Returns how many it deleted.
     */
    private int removeDependents(String namespace, String name, String doomedUid) {
        var removed = 0;
        removed += removeDependent(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .withName(name), namespace, name, doomedUid);
        removed += removeDependent(client.services().inNamespace(namespace).withName(name), namespace, name,
                doomedUid);
        return removed;
    }

    private <T extends HasMetadata> int removeDependent(io.fabric8.kubernetes.client.dsl.Resource<T> named,
                                                        String namespace, String name, String doomedUid) {
        var existing = named.get();
        if (existing == null || !madeByPortal(existing)) {
            return 0;
        }
        var owner = ownerUid(existing);
        if (owner != null && !owner.equals(doomedUid)) {
            var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (live != null && owner.equals(live.getMetadata().getUid())) {
                return 0;
            }
        }
        try {
            return named.lockResourceVersion(existing.getMetadata().getResourceVersion()).delete().isEmpty() ? 0 : 1;
        } catch (KubernetesClientException e) {
            if (KubernetesErrors.isConflict(e) || KubernetesErrors.isNotFound(e)) {
                return 0; // changed (taken over by a new create) or gone meanwhile: not this request's to delete
            }
            throw e;
        }
    }

    /**
     * Undoes a create that failed part-way: its Service and autoscaler, and its Deployment if still the one it
     * made. Never another request's objects. A failure here is logged; the create's own failure is reported.
     */
    private void undo(String namespace, String name, String uid) {
        try {
            var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (live != null && uid.equals(live.getMetadata().getUid())) {
                // Not locked to its version: the controller's status writes move it all the time.
                client.apps().deployments().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
            removeDependents(namespace, name, uid);
        } catch (KubernetesClientException e) {
            log.warn("Could not remove what a failed create of {}/{} had made: {}", namespace, name, e.getMessage());
        }
    }

    private static boolean madeByPortal(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        return labels != null && DeploymentManifests.MANAGED_BY.equals(labels.get(DeploymentManifests.MANAGED_BY_LABEL))
                && "model".equals(labels.get(DeploymentManifests.KIND_LABEL));
    }

    private static String ownerUid(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(DeploymentManifests.DEPLOYMENT_UID_ANNOTATION);
    }

    private static <T extends HasMetadata> T ownedBy(T object, String uid) {
        var annotations = object.getMetadata().getAnnotations() == null
                ? new java.util.LinkedHashMap<String, String>()
                : new java.util.LinkedHashMap<>(object.getMetadata().getAnnotations());
        annotations.put(DeploymentManifests.DEPLOYMENT_UID_ANNOTATION, uid);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }

    /** Not found; when the portal's Service or autoscaler of that name is left without it, the answer says so. */
    private DeploymentNotFound notFound(String namespace, String name) {
        var left = new ArrayList<String>();
        caches.get(Service.class, namespace, name).filter(DeploymentManager::madeByPortal)
                .ifPresent(service -> left.add("Service"));
        caches.get(HorizontalPodAutoscaler.class, namespace, name).filter(DeploymentManager::madeByPortal)
                .ifPresent(autoscaler -> left.add("autoscaler"));
        return left.isEmpty() ? DeploymentNotFound.named(namespace, name)
                : DeploymentNotFound.leftOver(namespace, name, left);
    }

    private Deployment fetch(String namespace, String name) {
        try {
            var deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment == null) {
                throw DeploymentNotFound.named(namespace, name);
            }
            return deployment;
        } catch (KubernetesClientException e) {
            throw ClusterCallFailed.of(e, "deployment " + target(namespace, name));
        }
    }

    /** Written a moment ago: the cache may not have it yet, so the detail starts from what the server returned. */
    private DeploymentDetail detailAfterWrite(Deployment written, DeploymentSpec spec) {
        var ns = written.getMetadata().getNamespace();
        var name = written.getMetadata().getName();
        return new DeploymentDetail(summary(written), spec.withoutVersion(),
                written.getMetadata().getResourceVersion(),
                manifests.endpoint(ns, name, spec.port() == null ? DeploymentSpec.DEFAULT_PORT : spec.port()),
                rollout(written), autoscaler(ns, name), List.of(), List.of(), revisions.list(ns, name));
    }

    private <T> T audited(CurrentUser user, String action, String target, Supplier<T> work, Object detail) {
        try {
            var result = work.get();
            audit.record(user.username(), action, target, AuditOutcome.SUCCESS, describe(detail));
            return result;
        } catch (DeploymentProblem e) {
            audit.record(user.username(), action, target,
                    e.status() == org.springframework.http.HttpStatus.FORBIDDEN ? AuditOutcome.DENIED : AuditOutcome.FAILURE, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            audit.record(user.username(), action, target, AuditOutcome.FAILURE, e.getClass().getSimpleName());
            throw e;
        }
    }

    /** What the audit entry says about the request: the spec's JSON (env values left out: they may be secrets). */
    private String describe(Object detail) {
        if (detail instanceof DeploymentSpec spec) {
            var redacted = new java.util.TreeMap<String, String>();
            if (spec.env() != null) {
                spec.env().keySet().forEach(key -> redacted.put(key, "***"));
            }
            return json.writeValueAsString(new DeploymentSpec(spec.namespace(), spec.name(), spec.image(),
                    spec.modelUri(), spec.port(), spec.protocol(), spec.resources(), spec.replicas(), spec.zones(),
                    spec.autoscaling(), redacted, spec.resourceVersion()));
        }
        return detail == null ? null : detail.toString();
    }

    private DeploymentSpec specOf(Deployment deployment) {
        var stored = manifests.storedSpec(deployment).orElseGet(() -> SpecReader.read(deployment));
        var replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        var image = image(deployment);
        var spec = new DeploymentSpec(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                image == null ? stored.image() : image, stored.modelUri(), stored.port(), stored.protocol(),
                stored.resources(), replicas == null ? stored.replicas() : replicas, stored.zones(),
                stored.autoscaling(), stored.env(), null);
        return spec.withDefaults();
    }

    private DeploymentSummary summary(Deployment deployment) {
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

    private static String createdBy(Deployment current, CurrentUser user) {
        var labels = current.getMetadata().getLabels();
        var by = labels == null ? null : labels.get(DeploymentManifests.CREATED_BY_LABEL);
        return by == null ? user.username() : by;
    }

    /**
     * The URL names the deployment; a body naming another one is refused rather than silently ignored: a Deployment
     * cannot be renamed, and the revisions recorded under the old name would no longer match. Empty fields mean
     * "this one".
     */
    private static void requireSameTarget(DeploymentSpec request, String namespace, String name) {
        var errors = new java.util.LinkedHashMap<String, String>();
        if (request.namespace() != null && !request.namespace().isBlank() && !request.namespace().equals(namespace)) {
            errors.put("namespace", "cannot be changed: this deployment is in " + namespace);
        }
        if (request.name() != null && !request.name().isBlank() && !request.name().equals(name)) {
            errors.put("name", "cannot be changed: this deployment is " + name
                    + "; deploy under the new name, then delete this one");
        }
        if (!errors.isEmpty()) {
            throw InvalidDeployment.fields(errors);
        }
    }

    private static DeploymentSpec withTarget(DeploymentSpec spec, String namespace, String name) {
        return new DeploymentSpec(namespace, name, spec.image(), spec.modelUri(), spec.port(), spec.protocol(),
                spec.resources(), spec.replicas(), spec.zones(), spec.autoscaling(), spec.env(),
                spec.resourceVersion());
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

    private static String target(String namespace, String name) {
        return namespace + "/" + name;
    }
}
