package dev.converge.portal.platform.kubernetes;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leader election among portal replicas, prefix {@code portal.kubernetes.leader-election}: one replica holds a
 * {@code coordination.k8s.io/v1} Lease and runs the periodic singletons (the RAG reconciler, and later others).
 *
 * @param enabled off: this replica always leads (a single replica, or tests)
 * @param leaseName the Lease's name
 * @param namespace where the Lease lives; empty: the client's namespace (in a pod, the portal's own), else
 *        {@code default}
 * @param identity this replica's name in the Lease; empty: the host name (the pod name) and a random suffix
 * @param leaseDuration how long a leader that stopped renewing keeps the Lease
 * @param renewDeadline how long the leader tries to renew before it gives up leading
 * @param retryPeriod how often candidates try to take the Lease
 */
@Validated
@ConfigurationProperties(prefix = "portal.kubernetes.leader-election")
public record LeaderElectionProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?") @DefaultValue("converge-portal-leader")
        String leaseName,
        String namespace,
        String identity,
        @NotNull @DefaultValue("15s") Duration leaseDuration,
        @NotNull @DefaultValue("10s") Duration renewDeadline,
        @NotNull @DefaultValue("2s") Duration retryPeriod) {
}
