package dev.converge.portal.deployments;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties(prefix = "portal.deployments")
record DeploymentSettings(
        @Min(1) @Max(10_000) @DefaultValue("100") int maxReplicas,
        @NotBlank @DefaultValue("converge-model-storage") String modelStorageSecret,
        @NotBlank @DefaultValue("quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z") String modelDownloaderImage,
        @Min(2) @Max(50) @DefaultValue("5") int revisionsKept,
        @NotBlank @DefaultValue("svc.cluster.local") String clusterDomain) {

    public static DeploymentSettings defaults() {
        return new DeploymentSettings(100, "converge-model-storage",
                "quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z", 5, "svc.cluster.local");
    }
}
