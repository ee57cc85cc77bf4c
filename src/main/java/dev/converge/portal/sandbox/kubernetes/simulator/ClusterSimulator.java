package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.sandbox.kubernetes.ClusterSimulation;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATED Kubernetes cluster, in the spirit of KWOK: nothing here runs a container. Against the sandbox's API
 * server it plays the parts a real cluster would: simulated nodes in several zones (CPU and GPU), a scheduler, the
 * kubelets, the deployment and replicaset controllers, the garbage collector, event recording, container logs and
 * metrics-server style usage.
 *
 * <p>It learns about objects only through informers (watches) and does all of its work on one scheduled thread, so
 * no two controllers ever race and thousands of pods cost no threads. Informer callbacks just hand the event to that
 * thread; a "drain" there then reconciles whatever became dirty, coalescing bursts of events into one pass.
 *
 * <p>Construct it with the sandbox settings, then call {@link #start(KubernetesClient)} once the API server is up;
 * {@link #close()} stops it.
 */
public class ClusterSimulator implements ClusterSimulation {

    private static final Logger log = LoggerFactory.getLogger(ClusterSimulator.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_ROUNDS_PER_DRAIN = 5;

    private final PortalProperties.Sandbox settings;
    private final TeamDirectory teams;
    private final Clock clock;
    private final ContainerLogs logs = new ContainerLogs();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Set<String> dirtyReplicaSets = new LinkedHashSet<>();
    private final Set<String> dirtyDeployments = new LinkedHashSet<>();

    private ScheduledExecutorService executor;
    private volatile UsageModel usage;
    private volatile boolean closed;
    private boolean drainQueued;

    private ObjectView<Pod> pods;
    private ObjectView<ReplicaSet> replicaSets;
    private NodeAllocations allocations;
    private PodScheduler scheduler;
    private SimulatedKubelet kubelet;
    private ReplicaSetController replicaSetController;
    private DeploymentController deploymentController;
    private GarbageCollector garbageCollector;

    /** Checks the settings; starts nothing. */
    public ClusterSimulator(PortalProperties.Sandbox settings, TeamDirectory teams, Clock clock) {
        NodeFleet.validate(settings);
        this.settings = settings;
        this.teams = teams;
        this.clock = clock;
    }

    @Override
    public synchronized void start(KubernetesClient client) {
        if (executor != null) {
            throw new IllegalStateException("The cluster simulation is already started");
        }
        var thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            var t = new Thread(runnable, "sandbox-cluster-simulator");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        executor = thread;
        var writer = new ApiWriter(client);
        var events = new EventRecorder(writer, clock);
        bootstrap(client);

        var nodes = view(client.nodes(), this::onNode);
        pods = view(client.pods().inAnyNamespace(), this::onPod);
        replicaSets = view(client.apps().replicaSets().inAnyNamespace(), this::onReplicaSet);
        var deployments = view(client.apps().deployments().inAnyNamespace(), this::onDeployment);
        var services = view(client.services().inAnyNamespace(), this::onOther);
        var configMaps = view(client.configMaps().inAnyNamespace(), this::onOther);
        var secrets = view(client.secrets().inAnyNamespace(), this::onOther);
        var autoscalers = view(client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace(), this::onOther);

        allocations = new NodeAllocations();
        scheduler = new PodScheduler(pods, nodes, allocations, writer, events, clock);
        kubelet = new SimulatedKubelet(pods, nodes, writer, events, logs, executor, clock,
                settings.podStartDelay(), settings.buildDuration());
        replicaSetController = new ReplicaSetController(replicaSets, pods, writer, events);
        deploymentController = new DeploymentController(deployments, replicaSets, pods, writer, events, clock,
                key -> dirtyReplicaSets.add(key));
        garbageCollector = new GarbageCollector(client, writer,
                List.of(pods, replicaSets, deployments, services, configMaps, secrets, autoscalers));
        usage = new UsageModel(pods, nodes, clock);

        informers.forEach(informer -> informer.start().toCompletableFuture().join());
        var tick = kubelet.tick().toMillis();
        executor.scheduleWithFixedDelay(() -> safely("tick", this::onTick), tick, tick, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> safely("garbage collection", garbageCollector::sweep),
                SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Sandbox cluster SIMULATION started: {} simulated nodes in zones {} (pods start after {}, builds take {})",
                nodes.all().size(), settings.zones(), settings.podStartDelay(), settings.buildDuration());
    }

    /** Creates the simulated nodes and the team namespaces that are missing; leaves existing ones alone. */
    private void bootstrap(KubernetesClient client) {
        int created = 0;
        for (var node : NodeFleet.nodes(settings, clock)) {
            if (client.nodes().withName(node.getMetadata().getName()).get() == null) {
                client.resource(node).create();
                created++;
            }
        }
        var namespaces = new LinkedHashSet<String>();
        namespaces.add("default");
        namespaces.addAll(teams.allNamespaces());
        for (var namespace : NodeFleet.namespaces(namespaces, teams::teamOf)) {
            if (client.namespaces().withName(namespace.getMetadata().getName()).get() == null) {
                client.resource(namespace).create();
            }
        }
        log.info("Sandbox cluster simulation: {} simulated nodes created, team namespaces {}", created,
                teams.allNamespaces());
    }

    private <T extends HasMetadata> ObjectView<T> view(Informable<T> source, Consumer<Change<T>> onChange) {
        @SuppressWarnings("unchecked")
        var indexers = (java.util.Map<String, Function<T, List<String>>>) (java.util.Map<?, ?>) ObjectView.<T>ownerIndexer();
        var informer = source.withIndexers(indexers).runnableInformer(0);
        var view = new ObjectView<>(informer);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                submit(() -> onChange.accept(new Change<>(view, object, false)));
            }

            @Override
            public void onUpdate(T before, T after) {
                submit(() -> onChange.accept(new Change<>(view, after, false)));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                submit(() -> onChange.accept(new Change<>(view, object, true)));
            }
        });
        informers.add(informer);
        return view;
    }

    /** One watch event, handled on the simulator's thread. */
    private record Change<T extends HasMetadata>(ObjectView<T> view, T object, boolean deleted) {
        String key() {
            return Pods.key(object);
        }

        /** Updates the view and returns the newest known state, or null when the object is gone. */
        T settle() {
            if (deleted) {
                view.observedDeletion(object);
                return null;
            }
            view.observed(object);
            return view.get(key());
        }
    }

    private void onNode(Change<Node> change) {
        change.settle();
        allocations.nodesChanged();
        requestDrain();
    }

    private void onPod(Change<Pod> change) {
        var pod = change.settle();
        if (pod == null) {
            allocations.forget(change.key());
            scheduler.podDeleted(change.key());
            kubelet.podDeleted(change.key());
            garbageCollector.ownerDeleted(change.object());
        } else {
            allocations.account(pod);
            scheduler.podChanged(pod);
            kubelet.podChanged(pod);
        }
        owner(change.object(), "ReplicaSet").ifPresent(dirtyReplicaSets::add);
        requestDrain();
    }

    private void onReplicaSet(Change<ReplicaSet> change) {
        if (change.settle() == null) {
            garbageCollector.ownerDeleted(change.object());
        } else {
            dirtyReplicaSets.add(change.key());
        }
        owner(change.object(), "Deployment").ifPresent(dirtyDeployments::add);
        requestDrain();
    }

    private void onDeployment(Change<Deployment> change) {
        if (change.settle() == null) {
            garbageCollector.ownerDeleted(change.object());
        } else {
            dirtyDeployments.add(change.key());
        }
        requestDrain();
    }

    private <T extends HasMetadata> void onOther(Change<T> change) {
        if (change.settle() == null) {
            garbageCollector.ownerDeleted(change.object());
        }
    }

    private void onTick() {
        kubelet.onTick();
        if (scheduler.hasWork()) {
            requestDrain();
        }
    }

    private void requestDrain() {
        if (!drainQueued) {
            drainQueued = true;
            submit(this::drain);
        }
    }

    /** Reconciles everything that became dirty, in the order a real cluster would settle it. */
    private void drain() {
        drainQueued = false;
        for (int round = 0; round < MAX_ROUNDS_PER_DRAIN; round++) {
            if (scheduler.hasWork()) {
                safely("scheduling", () -> scheduler.schedulePending().forEach(kubelet::podChanged));
            }
            for (var key : take(dirtyReplicaSets)) {
                safely("replica set " + key, () -> replicaSetController.reconcile(key), dirtyReplicaSets, key);
                var replicaSet = replicaSets.get(key);
                if (replicaSet != null) {
                    owner(replicaSet, "Deployment").ifPresent(dirtyDeployments::add);
                }
            }
            for (var key : take(dirtyDeployments)) {
                safely("deployment " + key, () -> deploymentController.reconcile(key), dirtyDeployments, key);
            }
            if (dirtyReplicaSets.isEmpty() && dirtyDeployments.isEmpty() && !scheduler.hasWork()) {
                return;
            }
        }
        requestDrain();
    }

    private static List<String> take(Set<String> dirty) {
        var keys = List.copyOf(dirty);
        dirty.clear();
        return keys;
    }

    private static java.util.Optional<String> owner(HasMetadata object, String kind) {
        var references = object.getMetadata().getOwnerReferences();
        if (references == null) {
            return java.util.Optional.empty();
        }
        return references.stream()
                .filter(reference -> kind.equals(reference.getKind()))
                .map(OwnerReference::getName)
                .findFirst()
                .map(name -> object.getMetadata().getNamespace() + "/" + name);
    }

    private void submit(Runnable task) {
        if (!closed) {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("Sandbox simulation is stopping; event dropped");
            }
        }
    }

    private void safely(String what, Runnable task) {
        safely(what, task, null, null);
    }

    /** Runs one reconcile; on failure logs it and marks the key dirty again a little later. */
    private void safely(String what, Runnable task, Set<String> dirty, String key) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            log.warn("Sandbox cluster simulation: {} failed, retrying: {}", what, e.getMessage());
            if (dirty != null) {
                executor.schedule(() -> {
                    dirty.add(key);
                    requestDrain();
                }, 1, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public List<String> lines(String namespace, String pod, String container) {
        return logs.lines(namespace, pod, container);
    }

    @Override
    public Map<String, Map<String, List<String>>> savedLogs(int maxLinesPerContainer) {
        return logs.snapshot(maxLinesPerContainer);
    }

    @Override
    public void restoreLogs(Map<String, Map<String, List<String>>> saved) {
        logs.restore(saved);
    }

    @Override
    public AutoCloseable follow(String namespace, String pod, String container, Consumer<String> onLine,
            Runnable onEnd) {
        return logs.follow(namespace, pod, container, onLine, onEnd);
    }

    @Override
    public boolean isRunning(String namespace, String pod, String container) {
        return logs.isRunning(namespace, pod, container);
    }

    @Override
    public List<PodMetrics> podMetrics(String namespace) {
        var model = usage;
        return model == null ? List.of() : model.podMetrics(namespace);
    }

    @Override
    public List<NodeMetrics> nodeMetrics() {
        var model = usage;
        return model == null ? List.of() : model.nodeMetrics();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        informers.forEach(SharedIndexInformer::close);
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Sandbox cluster simulation stopped");
    }
}
