package dev.converge.portal.sandbox.models;

import java.time.Clock;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox model servers exist only in sandbox mode (in cluster mode the factory method returns {@code null},
 * which Spring keeps as "no such bean"); the sandbox API server's service proxy finds them as
 * {@code SandboxPodServer}s.
 */
@Configuration(proxyBeanMethods = false)
class SandboxModelsConfiguration {

    @Bean(destroyMethod = "close")
    SandboxModelServer sandboxModelServer(ClusterMode mode, PortalProperties properties, Clock clock) {
        return mode.isSandbox() ? new SandboxModelServer(properties.sandbox().modelTokensPerSecond(), clock) : null;
    }
}
