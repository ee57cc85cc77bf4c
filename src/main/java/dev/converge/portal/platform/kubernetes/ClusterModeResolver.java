package dev.converge.portal.platform.kubernetes;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Turns {@code portal.kubernetes.mode} into a {@link ClusterMode}. {@code auto} picks a cluster when an in-cluster
 * service account is present or the kubeconfig's context answers {@code /version} within {@link #PROBE_TIMEOUT_MS};
 * otherwise the sandbox, saying why, so a laptop with a stale kubeconfig still starts.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterModeResolver {

    private static final Logger log = LoggerFactory.getLogger(ClusterModeResolver.class);

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    static final int PROBE_TIMEOUT_MS = 2_000;

    @Bean
    ClusterMode clusterMode(PortalProperties properties) {
        var kubernetes = properties.kubernetes();
        return switch (kubernetes.mode()) {
            case CLUSTER -> ClusterMode.CLUSTER;
            case SANDBOX -> ClusterMode.SANDBOX;
            case AUTO -> resolveAuto(inCluster(), kubeconfig(), kubernetes.context());
        };
    }

    static ClusterMode resolveAuto(boolean inCluster, Optional<Path> kubeconfig, String context) {
        if (inCluster) {
            // In a pod an unreachable API server is an outage to report, never a reason to fake a cluster.
            return ClusterMode.CLUSTER;
        }
        if (kubeconfig.isEmpty()) {
            log.info("No kubeconfig and no in-cluster service account: using the sandbox cluster");
            return ClusterMode.SANDBOX;
        }
        var problem = probe(kubeconfig.get(), context);
        if (problem.isEmpty()) {
            return ClusterMode.CLUSTER;
        }
        log.warn("Kubeconfig {} (context {}) is not reachable ({}): using the sandbox cluster", kubeconfig.get(),
                context == null ? "current" : context, problem.get());
        return ClusterMode.SANDBOX;
    }

    /** Asks the context's API server for {@code /version}; any HTTP answer, even 401, counts as reachable. */
    static Optional<String> probe(Path kubeconfig, String context) {
        Config config;
        try {
            config = new ConfigBuilder(Config.fromKubeconfig(context, kubeconfig.toFile()))
                    .withConnectionTimeout(PROBE_TIMEOUT_MS)
                    .withRequestTimeout(PROBE_TIMEOUT_MS)
                    .withRequestRetryBackoffLimit(0)
                    .build();
        } catch (RuntimeException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.getKubernetesVersion();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return e.getCode() > 0 ? Optional.empty() : Optional.of(String.valueOf(rootMessage(e)));
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(rootMessage(e)));
        }
    }

    private static String rootMessage(Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static boolean inCluster() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(SERVICE_ACCOUNT_TOKEN);
    }

    private static Optional<Path> kubeconfig() {
        var kubeconfig = System.getenv("KUBECONFIG");
        var path = kubeconfig != null && !kubeconfig.isBlank()
                ? Path.of(kubeconfig.split(File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isReadable(path) ? Optional.of(path) : Optional.empty();
    }
}
