package dev.converge.portal.sandbox.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.function.Consumer;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The embedded sandbox cluster: starts the {@link SandboxApiServer} (restoring the state saved under
 * {@code <data-dir>/sandbox/} unless {@code portal.sandbox.reset=true}), writes a kubeconfig for {@code kubectl},
 * starts the {@link ClusterSimulation} once every bean exists, saves the state every
 * {@link #SNAPSHOT_INTERVAL} and at shutdown. It SIMULATES a cluster; only created in sandbox mode.
 */
public class SandboxCluster implements EmbeddedApiServer, SmartInitializingSingleton, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxCluster.class);
    static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(30);

    private final PortalProperties properties;
    private final ObjectProvider<ClusterSimulation> simulations;
    private final Path directory;
    private final LateSimulation late = new LateSimulation();
    private final SandboxApiServer server = new SandboxApiServer(late, late);
    private ScheduledExecutorService snapshots;
    private KubernetesClient simulationClient;
    /** API writes served when the last snapshot was taken (-1: none yet); no writes since, nothing to save. */
    private long writesAtLastSnapshot = -1;
    /** Pod logs read from the data dir at start, handed to the simulation when it starts. */
    private Map<String, Map<String, List<String>>> restoredLogs = Map.of();
    /** Lines kept per container in the saved logs: bounds the file, whatever the sandbox ran. */
    static final int SAVED_LOG_LINES = 1_000;

    public SandboxCluster(PortalProperties properties, ObjectProvider<ClusterSimulation> simulations) {
        this(properties, simulations, List::of);
    }

    /**
     * With the {@link SandboxPodServer}s that answer for pods behind the service proxy, resolved on the first
     * proxied request (so they may depend on any bean).
     */
    public SandboxCluster(PortalProperties properties, ObjectProvider<ClusterSimulation> simulations,
                          java.util.function.Supplier<List<SandboxPodServer>> podServers) {
        var resolved = new java.util.concurrent.atomic.AtomicReference<List<SandboxPodServer>>();
        server.podServers(() -> resolved.updateAndGet(list -> list != null ? list : List.copyOf(podServers.get())));
        this.properties = properties;
        this.simulations = simulations;
        this.directory = properties.dataDir().resolve("sandbox").toAbsolutePath().normalize();
    }

    public void start() {
        var sandbox = properties.sandbox();
        try {
            Files.createDirectories(directory);
            if (sandbox.reset()) {
                Files.deleteIfExists(stateFile());
                Files.deleteIfExists(logsFile());
                log.info("portal.sandbox.reset=true: the sandbox cluster starts empty");
            } else if (Files.isReadable(stateFile())) {
                var restored = SandboxState.restore(server.store(), Files.readString(stateFile()));
                writesAtLastSnapshot = 0;
                restoredLogs = readLogs();
                log.info("Sandbox cluster restored {} objects from {}", restored, stateFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the sandbox directory " + directory, e);
        }
        server.start(sandbox.port());
        SandboxCrds.install(server.clientConfig());
        writeKubeconfig();
        log.info("Sandbox Kubernetes API server (simulated cluster) at {}. Inspect it with:", server.url());
        log.info("kubectl --kubeconfig {} get pods -A", kubeconfig());
        snapshots = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "sandbox-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        snapshots.scheduleWithFixedDelay(this::saveQuietly, SNAPSHOT_INTERVAL.toMillis(),
                SNAPSHOT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the simulation after every bean exists, so a simulation bean may depend on anything. */
    @Override
    public void afterSingletonsInstantiated() {
        var simulation = simulations.getIfAvailable();
        if (simulation == null) {
            log.info("No cluster simulation configured: the sandbox API server only stores objects");
            return;
        }
        simulationClient = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        simulation.restoreLogs(restoredLogs);
        restoredLogs = Map.of();
        late.simulation = simulation;
        simulation.start(simulationClient);
    }

    /** Settings for a client of the sandbox API server. */
    /** Counts the API server's requests as {@code portal.sandbox.apiserver.requests}, tagged by HTTP method. */
    public void countRequestsIn(MeterRegistry meters) {
        for (var method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", SandboxApiServer.PROXIED)) {
            FunctionCounter.builder("portal.sandbox.apiserver.requests", server, s -> s.requests(method))
                    .description("Requests served by the sandbox Kubernetes API server (also watches, kubectl"
                            + " and the simulation's own calls; PROXIED: passed to pods by the service proxy)")
                    .tag("method", method).register(meters);
        }
    }

    @Override
    public Config clientConfig() {
        return server.clientConfig();
    }

    public Path kubeconfig() {
        return directory.resolve("kubeconfig");
    }

    public String url() {
        return server.url();
    }

    Path stateFile() {
        return directory.resolve("state.json");
    }

    /**
     * Writes the current state if the API server took writes since the last snapshot: serializing a large store
     * costs seconds of CPU, which an idle sandbox should not spend every interval.
     */
    public void save() {
        save(late.simulation);
    }

    /** The logs are saved with the objects, so the pods a restart keeps keep their logs too. */
    private synchronized void save(ClusterSimulation simulation) {
        var writes = writesServed();
        if (writes == writesAtLastSnapshot) {
            return;
        }
        var snapshot = SandboxState.snapshot(server.store());
        try {
            if (simulation != null) {
                replace(logsFile(), Serialization.asJson(Map.of("format", 1,
                        "containers", simulation.savedLogs(SAVED_LOG_LINES))));
            }
            replace(stateFile(), snapshot);
            writesAtLastSnapshot = writes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the sandbox state to " + stateFile(), e);
        }
    }

    private void replace(Path file, String content) throws IOException {
        var temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The saved logs, or none when there are none (an older data dir) or they cannot be read. */
    private Map<String, Map<String, List<String>>> readLogs() {
        if (!Files.isReadable(logsFile())) {
            return Map.of();
        }
        try {
            var containers = Serialization.jsonMapper().readTree(Files.readString(logsFile())).path("containers");
            var logs = new LinkedHashMap<String, Map<String, List<String>>>();
            for (var pod : containers.properties()) {
                var byContainer = new LinkedHashMap<String, List<String>>();
                for (var container : pod.getValue().properties()) {
                    var lines = new ArrayList<String>();
                    container.getValue().forEach(line -> lines.add(line.asString()));
                    byContainer.put(container.getKey(), lines);
                }
                logs.put(pod.getKey(), byContainer);
            }
            return logs;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read the saved sandbox pod logs {}; pod logs start empty: {}", logsFile(),
                    e.getMessage());
            return Map.of();
        }
    }

    Path logsFile() {
        return directory.resolve("logs.json");
    }

    private long writesServed() {
        return Stream.of("POST", "PUT", "PATCH", "DELETE").mapToLong(server::requests).sum();
    }

    private void saveQuietly() {
        saveQuietly(late.simulation);
    }

    private void saveQuietly(ClusterSimulation simulation) {
        try {
            save(simulation);
        } catch (RuntimeException e) {
            log.warn("Saving the sandbox state failed; will retry: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (snapshots != null) {
            snapshots.shutdownNow();
        }
        var simulation = late.simulation;
        late.simulation = null;
        if (simulation != null) {
            simulation.close();
        }
        saveQuietly(simulation);
        if (simulationClient != null) {
            simulationClient.close();
        }
        server.close();
    }

    private void writeKubeconfig() {
        var kubeconfig = """
                apiVersion: v1
                kind: Config
                # The Converge Portal sandbox: a SIMULATED cluster served by the portal itself.
                clusters:
                - name: converge-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: converge-sandbox
                  context:
                    cluster: converge-sandbox
                    user: converge-sandbox
                    namespace: default
                current-context: converge-sandbox
                users:
                - name: converge-sandbox
                  user:
                    token: %s
                """.formatted(server.url(), SandboxApiServer.DUMMY_TOKEN);
        try {
            Files.writeString(kubeconfig(), kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sandbox kubeconfig " + kubeconfig(), e);
        }
    }

    /** Logs and metrics of the simulation once it is started; nothing before (or without) one. */
    private static final class LateSimulation implements PodLogSource, PodMetricsSource {
        private volatile ClusterSimulation simulation;

        @Override
        public List<String> lines(String namespace, String pod, String container) {
            var current = simulation;
            return current == null ? List.of() : current.lines(namespace, pod, container);
        }

        @Override
        public AutoCloseable follow(String namespace, String pod, String container, Consumer<String> onLine,
                                    Runnable onEnd) {
            var current = simulation;
            if (current == null) {
                onEnd.run();
                return () -> { };
            }
            return current.follow(namespace, pod, container, onLine, onEnd);
        }

        @Override
        public boolean isRunning(String namespace, String pod, String container) {
            var current = simulation;
            return current != null && current.isRunning(namespace, pod, container);
        }

        @Override
        public List<PodMetrics> podMetrics(String namespace) {
            var current = simulation;
            return current == null ? List.of() : current.podMetrics(namespace);
        }

        @Override
        public List<NodeMetrics> nodeMetrics() {
            var current = simulation;
            return current == null ? List.of() : current.nodeMetrics();
        }
    }
}
