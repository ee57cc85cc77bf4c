package dev.converge.portal.sandbox.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A hand-driven simulation for tests: the test writes log lines, stops containers and sets usage. */
class FakeSimulation implements ClusterSimulation {

    private record Container(String namespace, String pod, String container) {
    }

    private record Follower(Consumer<String> onLine, Runnable onEnd) {
    }

    private final Map<Container, List<String>> lines = new ConcurrentHashMap<>();
    private final Map<Container, List<Follower>> followers = new ConcurrentHashMap<>();
    private final Map<Container, Boolean> running = new ConcurrentHashMap<>();
    volatile KubernetesClient startedWith;
    volatile boolean closed;

    @Override
    public void start(KubernetesClient client) {
        startedWith = client;
    }

    @Override
    public void close() {
        closed = true;
    }

    void run(String namespace, String pod, String container) {
        running.put(new Container(namespace, pod, container), true);
    }

    void log(String namespace, String pod, String container, String line) {
        var key = new Container(namespace, pod, container);
        lines.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(line);
        followers.getOrDefault(key, List.of()).forEach(f -> f.onLine().accept(line));
    }

    void stop(String namespace, String pod, String container) {
        var key = new Container(namespace, pod, container);
        running.put(key, false);
        followers.getOrDefault(key, List.of()).forEach(f -> f.onEnd().run());
    }

    int followers(String namespace, String pod, String container) {
        return followers.getOrDefault(new Container(namespace, pod, container), List.of()).size();
    }

    @Override
    public List<String> lines(String namespace, String pod, String container) {
        return new ArrayList<>(lines.getOrDefault(new Container(namespace, pod, container), List.of()));
    }

    @Override
    public AutoCloseable follow(String namespace, String pod, String container, Consumer<String> onLine,
                                Runnable onEnd) {
        var key = new Container(namespace, pod, container);
        var follower = new Follower(onLine, onEnd);
        followers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(follower);
        return () -> followers.get(key).remove(follower);
    }

    @Override
    public boolean isRunning(String namespace, String pod, String container) {
        return running.getOrDefault(new Container(namespace, pod, container), false);
    }

    @Override
    public List<PodMetrics> podMetrics(String namespace) {
        var metrics = new PodMetricsBuilder()
                .withNewMetadata().withName("web-1").withNamespace("vision").endMetadata()
                .withTimestamp("2025-01-01T00:00:00Z").withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(30)))
                .addNewContainer().withName("web")
                .withUsage(Map.of("cpu", new Quantity("120m"), "memory", new Quantity("200Mi"))).endContainer()
                .build();
        return namespace == null || namespace.equals("vision") ? List.of(metrics) : List.of();
    }

    @Override
    public List<NodeMetrics> nodeMetrics() {
        return List.of(new NodeMetricsBuilder().withNewMetadata().withName("cpu-zone-a-1").endMetadata()
                .withTimestamp("2025-01-01T00:00:00Z").withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(30)))
                .withUsage(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"))).build());
    }
}
