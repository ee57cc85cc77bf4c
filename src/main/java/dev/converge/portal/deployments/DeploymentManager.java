package dev.converge.portal.deployments;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment manager: deploys models and changes them (update, redeploy, scale, roll back, delete), writing to
 * the API server with create / update carrying the
 * {@code resourceVersion}, so a concurrent change is detected instead of overwritten. Every change is audited, also
 * when it is refused or fails. A create that fails half-way removes what it had made, and only that (see
 * {@link DeploymentDependents}). What users read comes from {@link DeploymentViews}.
 */
@org.springframework.stereotype.Service
public class DeploymentManager {

    private final KubernetesClient client;
    private final DeploymentViews views;
    private final DeploymentDependents dependents;
    private final DeploymentValidator validator;
    private final DeploymentManifests manifests;
    private final DeploymentRevisions revisions;
    private final AuditLog audit;
    private final DeploymentSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkingHours workingHours;

    DeploymentManager(KubernetesClient client, DeploymentViews views, DeploymentDependents dependents,
                      DeploymentValidator validator, DeploymentManifests manifests, DeploymentRevisions revisions,
                      AuditLog audit, DeploymentSettings settings, JsonMapper json, Clock clock,
                      WorkingHours workingHours) {
        this.workingHours = workingHours;
        this.client = client;
        this.views = views;
        this.dependents = dependents;
        this.validator = validator;
        this.manifests = manifests;
        this.revisions = revisions;
        this.audit = audit;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates the Deployment, then its Service and autoscaler marked with the Deployment's uid. A Service or
     * autoscaler of that name the portal left behind earlier (without a Deployment) is taken over; one the portal did
     * not make is not touched and the create is undone. When a concurrent delete removed the new Deployment before
     * the create finished, what this create made is removed and the create answers 409, so a 201 always means the
     * whole set existed.
     */
    public DeploymentDetail create(DeploymentSpec request, CurrentUser user) {
        var target = target(request.namespace(), request.name());
        return Audited.call(audit, user.username(), "deployment.create", target, () -> {
            var spec = validator.validateNew(request, user);
            var built = scheduled(manifests.build(spec, user.username()), spec);
            Deployment created;
            try {
                created = client.resource(built.deployment()).create();
            } catch (KubernetesClientException e) {
                if (KubernetesErrors.isConflict(e)) {
                    throw DeploymentAlreadyExists.named(spec.namespace(), spec.name());
                }
                throw ClusterCallFailed.of(e, "deployments.what.deployment", target);
            }
            var uid = created.getMetadata().getUid();
            try {
                revisions.forget(spec.namespace(), spec.name()); // rows of an earlier deployment of this name
                dependents.write(spec, built, uid);
            } catch (RuntimeException e) {
                dependents.undo(spec.namespace(), spec.name(), uid);
                if (e instanceof DeploymentNotFound) {
                    throw DeploymentChanged.deletedWhileCreating(spec.namespace(), spec.name());
                }
                if (e instanceof KubernetesClientException k) {
                    throw ClusterCallFailed.of(k, "deployments.what.dependents", target);
                }
                throw e;
            }
            revisions.record(spec, created.getMetadata().getResourceVersion(), user.username(), "create");
            return views.detailAfterWrite(created, spec);
        }, result -> describe(request));
    }

    public DeploymentDetail update(String namespace, String name, DeploymentSpec request, CurrentUser user) {
        var target = target(namespace, name);
        return Audited.call(audit, user.username(), "deployment.update", target, () -> {
            validator.requireWrite(namespace, user);
            requireSameTarget(request, namespace, name);
            var wanted = withTarget(request, namespace, name);
            if (wanted.resourceVersion() == null || wanted.resourceVersion().isBlank()) {
                throw InvalidDeployment.field("resourceVersion", "deployments.error.resourceVersion.missing");
            }
            // The write carries the version checked here; when the API server refuses it (a status write got in
            // between), the check runs again on the new copy, against the version the client read.
            return onFreshCopy(namespace, name, current -> {
                var currentSpec = views.specOf(current);
                var spec = validator.validateChange(wanted, currentSpec, user);
                var version = versionToWrite(current, currentSpec, wanted.resourceVersion());
                return views.detailAfterWrite(apply(current, version, spec, user, "update"), spec);
            });
        }, result -> describe(request));
    }

    public DeploymentDetail scale(String namespace, String name, Integer replicas, CurrentUser user) {
        var target = target(namespace, name);
        return Audited.call(audit, user.username(), "deployment.scale", target, () -> {
            validator.requireWrite(namespace, user);
            if (replicas == null || replicas < 0 || replicas > settings.maxReplicas()) {
                throw InvalidDeployment.field("replicas", "deployments.error.replicas",
                        String.valueOf(settings.maxReplicas()));
            }
            return onFreshCopy(namespace, name, current -> {
                var spec = views.specOf(current);
                if (spec.autoscaling() != null && spec.autoscaling().on()) {
                    throw InvalidDeployment.field("replicas", "deployments.error.replicas.autoscaled");
                }
                var scaled = spec.withReplicas(replicas);
                var updated = apply(current, current.getMetadata().getResourceVersion(), scaled, user, "scale");
                return views.detailAfterWrite(updated, scaled);
            });
        }, result -> "{replicas=" + replicas + "}");
    }

    /** A rolling restart: every pod is replaced, the spec stays. */
    public DeploymentDetail redeploy(String namespace, String name, CurrentUser user) {
        var target = target(namespace, name);
        return Audited.call(audit, user.username(), "deployment.redeploy", target, () -> {
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
                return views.detailAfterWrite(updated, views.specOf(updated));
            });
        }, null);
    }

    /** Applies the revision before the current one again, as a new revision. */
    public DeploymentDetail rollback(String namespace, String name, CurrentUser user) {
        return rollback(namespace, name, null, user);
    }

    /**
     * Applies an earlier revision ({@code revision}; null: the one before the current one) again, as a new revision.
     * The current revision is no choice (nothing would change); a revision not kept is refused naming it.
     */
    public DeploymentDetail rollback(String namespace, String name, Integer revision, CurrentUser user) {
        var target = target(namespace, name);
        return Audited.call(audit, user.username(), "deployment.rollback", target, () -> {
            validator.requireWrite(namespace, user);
            var history = revisions.list(namespace, name);
            if (history.size() < 2) {
                throw DeploymentNotFound.noPreviousRevision(namespace, name);
            }
            var earlier = history.subList(1, history.size());
            var chosen = revision == null ? earlier.get(0) : earlier.stream()
                    .filter(r -> r.revision() == revision).findFirst()
                    .orElseThrow(() -> InvalidDeployment.field("revision", revision == history.get(0).revision()
                            ? "deployments.error.revision.current" : "deployments.error.revision.unknown",
                            String.valueOf(revision)));
            var spec = validator.validateChange(withTarget(chosen.spec(), namespace, name), chosen.spec(), user);
            return onFreshCopy(namespace, name, current -> views.detailAfterWrite(apply(current,
                    current.getMetadata().getResourceVersion(), spec, user,
                    "rollback to revision " + chosen.revision()), spec));
        }, revision == null ? null : result -> "{revision=" + revision + "}");
    }

    /**
     * Removes the autoscaler, the Service and the Deployment (whose pods the cluster then removes): whatever of the
     * set exists, also a Service or autoscaler left without its Deployment. Answers 404 when nothing was there, and
     * when a concurrent delete removed the Deployment first: only one delete of a deployment succeeds.
     */
    public void delete(String namespace, String name, CurrentUser user) {
        var target = target(namespace, name);
        Audited.call(audit, user.username(), "deployment.delete", target, () -> {
            validator.requireWrite(namespace, user);
            try {
                var current = client.apps().deployments().inNamespace(namespace).withName(name).get();
                boolean removed;
                if (current == null) {
                    removed = dependents.remove(namespace, name, null) > 0;
                } else {
                    var uid = current.getMetadata().getUid();
                    dependents.remove(namespace, name, uid);
                    removed = !client.apps().deployments().inNamespace(namespace).withName(name)
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
                    // A create or update of this deployment may have made a Service or autoscaler meanwhile.
                    dependents.remove(namespace, name, uid);
                    // The list the user returns to reads the cache: let it no longer show what was deleted.
                    views.awaitDeleted(namespace, name, uid);
                }
                if (!removed) {
                    throw DeploymentNotFound.named(namespace, name);
                }
            } catch (KubernetesClientException e) {
                throw ClusterCallFailed.of(e, "deployments.what.deployment", target);
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
                if (attempt >= DeploymentDependents.CONFLICT_ATTEMPTS) {
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
        var built = scheduled(manifests.build(spec, createdBy(current, user)), spec);
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
            dependents.write(spec, built, updated.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            throw ClusterCallFailed.of(e, "deployments.what.dependents", target);
        }
        revisions.record(spec, updated.getMetadata().getResourceVersion(), user.username(), action);
        return updated;
    }

    /**
     * A deployment that runs only within the working hours starts with no replicas outside them, rather than
     * starting pods the {@link WorkingHoursScaler} stops a minute later.
     */
    private DeploymentManifests.Manifests scheduled(DeploymentManifests.Manifests built, DeploymentSpec spec) {
        if (spec.withDefaults().workingHoursOnly() && !workingHours.contains(clock.instant())) {
            built.deployment().getSpec().setReplicas(0);
        }
        return built;
    }

    private Deployment write(Deployment changed, String target) {
        try {
            return client.resource(changed).update();
        } catch (KubernetesClientException e) {
            if (KubernetesErrors.isConflict(e)) {
                throw DeploymentChanged.since(changed.getMetadata().getNamespace(), changed.getMetadata().getName(),
                        List.of(), null);
            }
            throw ClusterCallFailed.of(e, "deployments.what.deployment", target);
        }
    }

    private Deployment fetch(String namespace, String name) {
        try {
            var deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment == null) {
                throw DeploymentNotFound.named(namespace, name);
            }
            return deployment;
        } catch (KubernetesClientException e) {
            throw ClusterCallFailed.of(e, "deployments.what.deployment", target(namespace, name));
        }
    }

    /** What the audit entry says about the request: the spec's JSON (env values left out: they may be secrets). */
    private String describe(DeploymentSpec spec) {
        var redacted = new java.util.TreeMap<String, String>();
        if (spec.env() != null) {
            spec.env().keySet().forEach(key -> redacted.put(key, "***"));
        }
        return json.writeValueAsString(new DeploymentSpec(spec.namespace(), spec.name(), spec.image(),
                spec.modelUri(), spec.port(), spec.protocol(), spec.resources(), spec.replicas(), spec.zones(),
                spec.autoscaling(), redacted, spec.resourceVersion(), null, spec.capacity(), spec.schedule()));
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
        var errors = new FieldErrors();
        if (request.namespace() != null && !request.namespace().isBlank() && !request.namespace().equals(namespace)) {
            errors.put("namespace", "deployments.error.namespace.immutable", namespace);
        }
        if (request.name() != null && !request.name().isBlank() && !request.name().equals(name)) {
            errors.put("name", "deployments.error.name.immutable", name);
        }
        if (!errors.isEmpty()) {
            throw InvalidDeployment.fields(errors);
        }
    }

    private static DeploymentSpec withTarget(DeploymentSpec spec, String namespace, String name) {
        return new DeploymentSpec(namespace, name, spec.image(), spec.modelUri(), spec.port(), spec.protocol(),
                spec.resources(), spec.replicas(), spec.zones(), spec.autoscaling(), spec.env(),
                spec.resourceVersion(), null, spec.capacity(), spec.schedule());
    }

    private static String target(String namespace, String name) {
        return namespace + "/" + name;
    }
}
