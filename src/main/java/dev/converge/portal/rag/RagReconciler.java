package dev.converge.portal.rag;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each RagModel's runtime running: informer-driven (a RagModel's add, change or delete queues it) and
 * periodic ({@code portal.rag.resync-period}, which also reads each runtime's readiness), idempotent (creates what is
 * missing, replaces a Deployment whose spec hash is stale, writes the status only when it changed). Works only while
 * this replica holds the leader Lease; all work runs on one thread, so two passes never race.
 */
@Component
class RagReconciler implements LeaderElection.Listener {

    private static final Logger log = LoggerFactory.getLogger(RagReconciler.class);

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final RagManifests manifests;
    private final RagRuntime runtime;
    private final DeploymentManifests deploymentManifests;
    private final RagSettings settings;
    private final Clock clock;
    private final ResourceEventHandler<RagModel> events = new ResourceEventHandler<>() {
        @Override
        public void onAdd(RagModel model) {
            queue(model);
        }

        @Override
        public void onUpdate(RagModel before, RagModel after) {
            if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())) {
                queue(after);
            }
        }

        @Override
        public void onDelete(RagModel model, boolean unknownFinalState) {
            var executor = RagReconciler.this.executor;
            if (executor != null) {
                executor.execute(() -> removeWorkload(model));
            }
        }
    };
    private final RagCrdPresence crd;
    private volatile ScheduledExecutorService executor;
    private boolean listening;

    RagReconciler(KubernetesClient client, KubernetesCaches caches, RagManifests manifests, RagRuntime runtime,
                  DeploymentManifests deploymentManifests, RagSettings settings, Clock clock,
                  LeaderElection election, RagCrdPresence crd) {
        this.crd = crd;
        this.client = client;
        this.caches = caches;
        this.manifests = manifests;
        this.runtime = runtime;
        this.deploymentManifests = deploymentManifests;
        this.settings = settings;
        this.clock = clock;
        election.addListener(this);
    }

    @Override
    public synchronized void startedLeading() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "rag-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        listening = false;
        var period = settings.resyncPeriod().toMillis();
        executor.scheduleWithFixedDelay(this::reconcileAll, 0, period, TimeUnit.MILLISECONDS);
        log.info("RAG reconciler started (leader)");
    }

    @Override
    public synchronized void stoppedLeading() {
        if (executor == null) {
            return;
        }
        if (crd.installed()) {
            caches.removeListener(RagModel.class, events);
        }
        executor.shutdownNow();
        executor = null;
        log.info("RAG reconciler stopped (no longer leader)");
    }

    /** Whether this replica reconciles now (it leads), for readiness. */
    boolean reconciling() {
        return executor != null;
    }

    private void queue(RagModel model) {
        var executor = this.executor;
        if (executor != null) {
            var namespace = model.getMetadata().getNamespace();
            var name = model.getMetadata().getName();
            executor.execute(() -> caches.get(RagModel.class, namespace, name).ifPresent(this::reconcileQuietly));
        }
    }

    /** On the reconciler's thread; follows RagModel events from the moment the cluster serves the kind. */
    private void reconcileAll() {
        if (!crd.installed()) {
            return;
        }
        if (!listening) {
            caches.addListener(RagModel.class, events);
            listening = true;
        }
        List<RagModel> models;
        try {
            models = caches.list(RagModel.class, null);
        } catch (RuntimeException e) {
            return;
        }
        models.forEach(this::reconcileQuietly);
    }

    private void reconcileQuietly(RagModel model) {
        try {
            reconcile(model);
        } catch (RuntimeException e) {
            log.warn("Reconciling RagModel {}/{} failed: {}", model.getMetadata().getNamespace(),
                    model.getMetadata().getName(), e.getMessage());
        }
    }

    /** One idempotent pass over one RagModel. Package-private for tests. */
    void reconcile(RagModel model) {
        var meta = model.getMetadata();
        if (meta.getDeletionTimestamp() != null) {
            return;
        }
        var namespace = meta.getNamespace();
        var defaults = RagDefaults.of(model);
        var base = baseModel(model);
        var generation = meta.getGeneration() == null ? 0 : meta.getGeneration();
        var endpoint = deploymentManifests.endpoint(namespace, RagManifests.workloadName(meta.getName()),
                settings.runtimePort());
        if (base.blockerReason() != null) {
            writeStatus(model, new RagStatusRules.Observation(generation, null, defaults.baseModelText(),
                    base.blockerReason(), base.blockerMessage(), 0, 0, null, null, null));
            return;
        }
        var wanted = manifests.build(model, base.target());
        var deployments = client.apps().deployments().inNamespace(namespace);
        var current = deployments.withName(wanted.deployment().getMetadata().getName()).get();
        if (current == null) {
            deployments.resource(wanted.deployment()).create();
            log.info("RagModel {}/{}: runtime Deployment created", namespace, meta.getName());
        } else if (!manifests.upToDate(current, model, base.target())) {
            var replacement = wanted.deployment();
            replacement.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            deployments.resource(replacement).update();
            log.info("RagModel {}/{}: spec changed, runtime rolled", namespace, meta.getName());
        }
        var services = client.services().inNamespace(namespace);
        if (services.withName(wanted.service().getMetadata().getName()).get() == null) {
            services.resource(wanted.service()).create();
        }
        var desired = defaults.replicas();
        var pods = pods(namespace, meta.getName());
        int ready = (int) pods.stream().filter(RagReconciler::ready).count();
        var problem = pods.stream().map(RagReconciler::problem).filter(Objects::nonNull).findFirst().orElse(null);
        RagRuntime.Readiness readiness = null;
        String unreachable = null;
        if (ready > 0) {
            try {
                readiness = runtime.readiness(namespace, meta.getName());
            } catch (RuntimeUnreachable e) {
                unreachable = e.reason();
            }
        }
        writeStatus(model, new RagStatusRules.Observation(generation, endpoint, defaults.baseModelText(), null,
                null, desired, ready, problem, readiness, unreachable));
    }

    private record Base(RagManifests.BaseModelTarget target, String blockerReason, String blockerMessage) {
    }

    private Base baseModel(RagModel model) {
        var spec = model.getSpec() == null ? null : model.getSpec().baseModel;
        var namespace = model.getMetadata().getNamespace();
        if (spec != null && spec.endpoint != null) {
            return new Base(new RagManifests.BaseModelTarget(spec.endpoint.url, spec.endpoint.model,
                    spec.endpoint.secretRef), null, null);
        }
        if (spec == null || spec.deployment == null) {
            return new Base(null, "NoBaseModel", "The spec names no base model (baseModel.deployment or"
                    + " baseModel.endpoint)");
        }
        var deployment = caches.get(Deployment.class, namespace, spec.deployment).orElse(null);
        if (deployment == null) {
            return new Base(null, "BaseModelNotFound", "The base model deployment " + spec.deployment
                    + " does not exist in " + namespace);
        }
        var stored = deploymentManifests.storedSpec(deployment).orElse(null);
        if (stored != null && stored.protocol() != null && !"openai".equals(stored.protocol())) {
            return new Base(null, "BaseModelNotOpenAi", "The base model deployment " + spec.deployment
                    + " speaks " + stored.protocol() + ", not openai");
        }
        var port = stored != null && stored.port() != null ? stored.port() : containerPort(deployment);
        return new Base(new RagManifests.BaseModelTarget(
                deploymentManifests.endpoint(namespace, spec.deployment, port) + "/v1", spec.deployment, null),
                null, null);
    }

    private static int containerPort(Deployment deployment) {
        try {
            return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                    .getContainerPort();
        } catch (RuntimeException e) {
            return 8080;
        }
    }

    private List<Pod> pods(String namespace, String ragModel) {
        return caches.list(Pod.class, namespace).stream().filter(pod -> {
            var labels = pod.getMetadata().getLabels();
            return labels != null && ragModel.equals(labels.get(RagManifests.MODEL_LABEL))
                    && RagManifests.KIND.equals(labels.get(RagManifests.KIND_LABEL));
        }).toList();
    }

    private static boolean ready(Pod pod) {
        var status = pod.getStatus();
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why a pod's runtime cannot run, in words (a waiting reason such as ImagePullBackOff), or null. */
    private static String problem(Pod pod) {
        var status = pod.getStatus();
        if (status == null || status.getContainerStatuses() == null) {
            return null;
        }
        for (var container : status.getContainerStatuses()) {
            var waiting = container.getState() == null ? null : container.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && List.of("ImagePullBackOff", "ErrImagePull",
                    "CrashLoopBackOff", "CreateContainerConfigError", "InvalidImageName")
                    .contains(waiting.getReason())) {
                return "Runtime pod " + pod.getMetadata().getName() + ": " + waiting.getReason()
                        + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")");
            }
        }
        return null;
    }

    private void writeStatus(RagModel model, RagStatusRules.Observation seen) {
        var status = RagStatusRules.status(seen, model.getStatus(), clock.instant());
        if (RagStatusRules.same(status, model.getStatus())) {
            return;
        }
        var latest = client.resources(RagModel.class).inNamespace(model.getMetadata().getNamespace())
                .withName(model.getMetadata().getName()).get();
        if (latest == null) {
            return;
        }
        latest.setStatus(status);
        try {
            client.resources(RagModel.class).inNamespace(latest.getMetadata().getNamespace()).resource(latest)
                    .updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // changed meanwhile: the next pass writes it
        }
    }

    /** The RagModel is gone: its runtime goes too (the garbage collector would, later, through the owner). */
    private void removeWorkload(RagModel model) {
        var namespace = model.getMetadata().getNamespace();
        var name = RagManifests.workloadName(model.getMetadata().getName());
        try {
            var deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment != null && ownedBy(deployment, model)) {
                client.apps().deployments().inNamespace(namespace).withName(name).delete();
            }
            var service = client.services().inNamespace(namespace).withName(name).get();
            if (service != null && ownedBy(service, model)) {
                client.services().inNamespace(namespace).withName(name).delete();
            }
        } catch (KubernetesClientException e) {
            log.warn("Removing the runtime of RagModel {}/{} failed: {}", namespace, model.getMetadata().getName(),
                    e.getMessage());
        }
    }

    private static boolean ownedBy(io.fabric8.kubernetes.api.model.HasMetadata object, RagModel model) {
        var owners = object.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Objects.equals(o.getUid(),
                model.getMetadata().getUid()));
    }

    /** For tests: whether this replica is reconciling. */
    boolean active() {
        return executor != null;
    }

}
