package dev.converge.portal.platform.kubernetes;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the pods of the team namespaces use now, as metrics-server reports it ({@code metrics.k8s.io/v1beta1}, the
 * API {@code kubectl top} reads; the sandbox serves it too). Read on a schedule by whoever needs usage
 * ({@link #refresh}), never per page view: pages read the last reading from memory. Without a metrics API the
 * reading stays empty and usage counts as zero, so costs fall back to requests (the OpenCost rule max(request,
 * usage) then equals the request).
 */
@Component
public class PodUsage {

    private static final Logger log = LoggerFactory.getLogger(PodUsage.class);

    /** A pod's usage summed over its containers: CPU in millicores, memory in bytes. */
    public record Sample(long cpuMillis, long memoryBytes) {
    }

    /** The last reading: "namespace/pod" → usage, and when it was taken (null before the first). */
    public record Reading(Map<String, Sample> pods, Instant takenAt) {
        public static final Reading NONE = new Reading(Map.of(), null);

        public Optional<Sample> of(String namespace, String pod) {
            return Optional.ofNullable(pods.get(namespace + "/" + pod));
        }
    }

    private final KubernetesClient client;
    private final TeamDirectory teams;
    private final Clock clock;
    private volatile Reading last = Reading.NONE;
    private volatile boolean warned;

    public PodUsage(KubernetesClient client, TeamDirectory teams, Clock clock) {
        this.client = client;
        this.teams = teams;
        this.clock = clock;
    }

    public Reading last() {
        return last;
    }

    /** Reads every team namespace's pod metrics once; keeps the previous reading when the API fails. */
    public Reading refresh() {
        var pods = new HashMap<String, Sample>();
        try {
            for (var namespace : teams.allNamespaces()) {
                for (var metrics : client.top().pods().metrics(namespace).getItems()) {
                    pods.put(namespace + "/" + metrics.getMetadata().getName(), sum(metrics));
                }
            }
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("Pod usage cannot be read from metrics.k8s.io ({}); costs count requests only",
                        e.getClass().getSimpleName());
            }
            return last;
        }
        warned = false;
        last = new Reading(Map.copyOf(pods), clock.instant());
        return last;
    }

    static Sample sum(PodMetrics metrics) {
        long cpu = 0;
        long memory = 0;
        for (var container : metrics.getContainers()) {
            var usage = container.getUsage();
            if (usage == null) {
                continue;
            }
            cpu += amount(usage.get("cpu")).movePointRight(3).longValue();
            memory += amount(usage.get("memory")).longValue();
        }
        return new Sample(cpu, memory);
    }

    private static java.math.BigDecimal amount(Quantity quantity) {
        return quantity == null ? java.math.BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
    }
}
