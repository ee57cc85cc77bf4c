package dev.converge.portal.platform.kubernetes.sandbox;

import dev.converge.portal.PortalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Declares the sandbox cluster. It is lazy: only the {@code KubernetesClient} factory asks for it, and only in
 * sandbox mode, so a portal connected to a real cluster never starts it.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @Lazy
    SandboxCluster sandboxCluster(PortalProperties properties, ObjectProvider<ClusterSimulation> simulations,
                                  ObjectProvider<MeterRegistry> meters) {
        var cluster = new SandboxCluster(properties, simulations);
        meters.ifAvailable(cluster::countRequestsIn);
        return cluster;
    }
}
