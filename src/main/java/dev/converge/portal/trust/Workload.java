package dev.converge.portal.trust;

import java.time.Instant;
import java.util.List;

/**
 * What availability and safety look at, read from the informer cache by a {@link TrustSubjects} source: replicas,
 * the pod template as declared, and the pods as they run.
 */
public record Workload(int desired, int ready, PodFacts template, List<PodFacts> pods) {

    public Workload {
        pods = List.copyOf(pods);
    }

    /** A pod (or the template): host access and its containers, init containers included. */
    public record PodFacts(String name, String phase, boolean hostNetwork, List<String> hostPathVolumes,
                           List<ContainerFacts> containers) {

        public PodFacts {
            hostPathVolumes = List.copyOf(hostPathVolumes);
            containers = List.copyOf(containers);
        }
    }

    /**
     * One container: its effective security settings (the pod's {@code runAsNonRoot} when the container sets none;
     * null when neither does), whether CPU and memory limits are set, and, for a running pod, its restarts (the last
     * one ended at {@code lastRestartAt}, null when unknown) and whether it runs and is ready.
     */
    public record ContainerFacts(String name, Boolean runAsNonRoot, Boolean allowPrivilegeEscalation,
                                 boolean privileged, boolean cpuLimit, boolean memoryLimit, int restarts,
                                 Instant lastRestartAt, boolean running, boolean ready) {
    }
}
