package dev.converge.portal.platform.kubernetes;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link KubernetesClient} of the portal. In cluster mode it comes from the kubeconfig or the in-cluster
 * service account (fabric8 auto-configuration, optionally another {@code portal.kubernetes.context}); in sandbox
 * mode from the sandbox API server, started first. Features never know which.
 * <p>
 * fabric8 has no client-side QPS limiter; {@code portal.kubernetes.qps} bounds the requests in flight instead
 * ({@code maxConcurrentRequests} and {@code maxConcurrentRequestsPerHost}), which caps the rate the same way for
 * requests of normal latency.
 */
@Configuration(proxyBeanMethods = false)
public class KubernetesClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubernetesClientConfiguration.class);

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(ClusterMode mode, PortalProperties properties,
                                      ObjectProvider<EmbeddedApiServer> sandbox) {
        var base = mode.isSandbox() ? sandbox.getObject().clientConfig() : clusterConfig(properties.kubernetes());
        var config = tuned(base, properties.kubernetes());
        log.info("Kubernetes client for {} ({} mode)", config.getMasterUrl(), mode.name().toLowerCase());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static Config clusterConfig(PortalProperties.Kubernetes kubernetes) {
        var context = kubernetes.context() == null || kubernetes.context().isBlank() ? null : kubernetes.context();
        return Config.autoConfigure(context);
    }

    static Config tuned(Config base, PortalProperties.Kubernetes kubernetes) {
        return new ConfigBuilder(base)
                .withRequestTimeout(Math.toIntExact(kubernetes.requestTimeout().toMillis()))
                .withMaxConcurrentRequests(kubernetes.qps())
                .withMaxConcurrentRequestsPerHost(kubernetes.qps())
                .build();
    }
}
