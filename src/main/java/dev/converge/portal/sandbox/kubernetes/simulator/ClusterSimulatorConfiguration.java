package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The simulated cluster exists only in sandbox mode. The mode is resolved at run time (a kubeconfig may or may not
 * be there), so this decides from the {@link ClusterMode} bean: in cluster mode the factory method returns
 * {@code null}, which Spring keeps as "no such bean" ({@code ObjectProvider#getIfAvailable} gives null and
 * {@code getBeansOfType} leaves it out). Nothing is started here: the sandbox API server calls {@code start}.
 */
@Configuration(proxyBeanMethods = false)
class ClusterSimulatorConfiguration {

    @Bean
    ClusterSimulator clusterSimulator(ClusterMode mode, PortalProperties properties, TeamDirectory teams, Clock clock) {
        return mode.isSandbox() ? new ClusterSimulator(properties.sandbox(), teams, clock) : null;
    }
}
