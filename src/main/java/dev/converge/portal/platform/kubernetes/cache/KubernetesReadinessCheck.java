package dev.converge.portal.platform.kubernetes.cache;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The {@code kubernetes} entry of {@code /readiness}: UP while the API server answers and every cache is synced and
 * watching. The API server is asked by a background probe, never per readiness request; when it goes away the
 * check turns DOWN ("Kubernetes unreachable"), and once it answers again the caches list everything afresh and the
 * check comes back UP by itself when they have.
 */
@Component
public class KubernetesReadinessCheck implements ReadinessCheck, SmartLifecycle {

    static final String UNREACHABLE = "Kubernetes unreachable";
    static final String NOT_CHECKED = "Kubernetes connection not checked yet";
    static final String SYNCING = "Kubernetes caches syncing";

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final ClusterMode mode;
    private final KubernetesCaches caches;
    private final KubernetesApiProbe probe;
    private volatile boolean running;

    @Autowired
    public KubernetesReadinessCheck(KubernetesClient client, ClusterMode mode, KubernetesCaches caches, Clock clock) {
        this(client, mode, caches, clock, PROBE_INTERVAL, PROBE_TIMEOUT);
    }

    KubernetesReadinessCheck(KubernetesClient client, ClusterMode mode, KubernetesCaches caches, Clock clock,
            Duration probeInterval, Duration probeTimeout) {
        this.client = client;
        this.mode = mode;
        this.caches = caches;
        this.probe = new KubernetesApiProbe(client, probeInterval, probeTimeout, clock, caches::relist);
    }

    @Override
    public String component() {
        return "kubernetes";
    }

    @Override
    public ComponentHealth check() {
        var api = probe.last();
        var states = caches.syncStates();
        var details = details(api, states);
        if (!api.reachable()) {
            return ComponentHealth.down(api.checkedAt() == null ? NOT_CHECKED : UNREACHABLE, details);
        }
        if (!states.stream().allMatch(KindSyncState::current)) {
            return ComponentHealth.down(SYNCING, details);
        }
        return ComponentHealth.up(mode.isSandbox() ? "Kubernetes reachable (sandbox cluster)" : "Kubernetes reachable",
                details);
    }

    private Map<String, Object> details(ApiReachability api, Iterable<KindSyncState> states) {
        var details = new LinkedHashMap<String, Object>();
        details.put("mode", mode.name().toLowerCase());
        details.put("server", serverOf(client.getMasterUrl()));
        details.put("reachable", api.reachable());
        if (api.checkedAt() != null) {
            details.put("checkedAt", api.checkedAt().toString());
        }
        if (api.error() != null) {
            details.put("lastError", api.error());
        }
        details.put("namespaces", caches.watchedNamespaces().<Object>map(Object::toString).orElse("all"));
        var kinds = new LinkedHashMap<String, Object>();
        for (var state : states) {
            var kind = new LinkedHashMap<String, Object>();
            kind.put("synced", state.synced());
            kind.put("watching", state.watching());
            if (state.lastError() != null) {
                kind.put("lastError", state.lastError());
                kind.put("lastErrorAt", state.lastErrorAt().toString());
            }
            kinds.put(state.kind(), kind);
        }
        details.put("caches", kinds);
        return details;
    }

    /** Scheme, host and port only: a URL with user info must not leak it into the health details. */
    private static String serverOf(URL url) {
        if (url == null) {
            return "unknown";
        }
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void start() {
        probe.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        probe.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
