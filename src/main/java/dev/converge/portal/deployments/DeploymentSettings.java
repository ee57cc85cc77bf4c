package dev.converge.portal.deployments;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the deployment manager, prefix {@code portal.deployments}.
 *
 * @param maxReplicas the most replicas (and autoscaling maximum) a deployment may ask for
 * @param modelStorageSecret the Secret, in each team namespace, whose {@code endpoint}, {@code accessKey} and
 *        {@code secretKey} the model download init container reads; a platform admin provisions it, the portal only
 *        refers to it, so object storage keys never appear in a pod spec
 * @param modelDownloaderImage the image of that init container (needs the MinIO client {@code mc})
 * @param revisionsKept how many applied specs per deployment are kept for history and roll back
 * @param clusterDomain the cluster's DNS domain, for the endpoint URL shown to users
 * @param spot where {@code capacity: spot} pods go: the node selector and the toleration added to their pod template
 * @param scheduleInterval how often {@link WorkingHoursScaler} scales {@code schedule: working-hours} deployments;
 *        0 = never
 */
@Validated
@ConfigurationProperties(prefix = "portal.deployments")
record DeploymentSettings(
        @Min(1) @Max(10_000) @DefaultValue("100") int maxReplicas,
        @NotBlank @DefaultValue("converge-model-storage") String modelStorageSecret,
        @NotBlank @DefaultValue("quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z") String modelDownloaderImage,
        @Min(2) @Max(50) @DefaultValue("5") int revisionsKept,
        @NotBlank @DefaultValue("svc.cluster.local") String clusterDomain,
        @NotNull @Valid @DefaultValue Spot spot,
        @NotNull @DefaultValue("1m") java.time.Duration scheduleInterval) {

    public static DeploymentSettings defaults() {
        return new DeploymentSettings(100, "converge-model-storage",
                "quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z", 5, "svc.cluster.local",
                new Spot(null, new Toleration(null, null, null, null)), java.time.Duration.ofMinutes(1));
    }

    /**
     * Spot capacity as the cluster offers it. The defaults are Karpenter's well-known label
     * ({@code karpenter.sh/capacity-type=spot}) with a toleration of a taint of that key; set both to what the
     * cluster's spot nodes carry (GKE: {@code cloud.google.com/gke-spot=true}; EKS managed node groups:
     * {@code eks.amazonaws.com/capacityType=SPOT}).
     *
     * @param nodeSelector labels a spot node has (all of them)
     * @param toleration   the taint of spot nodes that spot pods tolerate
     */
    record Spot(Map<String, @NotBlank String> nodeSelector, @NotNull @Valid @DefaultValue Toleration toleration) {
        static final String KARPENTER_CAPACITY_TYPE = "karpenter.sh/capacity-type";

        Spot {
            nodeSelector = nodeSelector == null || nodeSelector.isEmpty() ? Map.of(KARPENTER_CAPACITY_TYPE, "spot")
                    : Map.copyOf(nodeSelector);
        }
    }

    /** A toleration: {@code operator} Equal (with {@code value}) or Exists; {@code effect} as a taint's. */
    record Toleration(@NotBlank @DefaultValue(Spot.KARPENTER_CAPACITY_TYPE) String key,
                      @NotBlank @jakarta.validation.constraints.Pattern(regexp = "Equal|Exists")
                      @DefaultValue("Equal") String operator,
                      @DefaultValue("spot") String value,
                      @NotBlank @jakarta.validation.constraints.Pattern(regexp = "NoSchedule|PreferNoSchedule|NoExecute")
                      @DefaultValue("NoSchedule") String effect) {

        Toleration {
            key = key == null ? Spot.KARPENTER_CAPACITY_TYPE : key;
            operator = operator == null ? "Equal" : operator;
            value = value == null && "Equal".equals(operator) ? "spot" : value;
            effect = effect == null ? "NoSchedule" : effect;
        }
    }
}
