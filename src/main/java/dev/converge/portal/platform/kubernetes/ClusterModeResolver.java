package dev.converge.portal.platform.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.converge.portal.PortalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Turns {@code portal.kubernetes.mode} into a {@link ClusterMode}. {@code auto} picks a cluster when an in-cluster
 * service account or a kubeconfig is present, the sandbox otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterModeResolver {

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Bean
    ClusterMode clusterMode(PortalProperties properties) {
        return switch (properties.kubernetes().mode()) {
            case CLUSTER -> ClusterMode.CLUSTER;
            case SANDBOX -> ClusterMode.SANDBOX;
            case AUTO -> clusterAvailable() ? ClusterMode.CLUSTER : ClusterMode.SANDBOX;
        };
    }

    static boolean clusterAvailable() {
        if (System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(SERVICE_ACCOUNT_TOKEN)) {
            return true;
        }
        var kubeconfig = System.getenv("KUBECONFIG");
        var path = kubeconfig != null && !kubeconfig.isBlank()
                ? Path.of(kubeconfig.split(java.io.File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isReadable(path);
    }
}
