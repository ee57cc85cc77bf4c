package dev.converge.portal.platform.mlflow;

import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link MlflowGateway}: to {@code portal.mlflow.tracking-uri} when set; in the sandbox without it, to the
 * sandbox's embedded tracking server when there is one; otherwise MLflow is "not configured" and its pages say so.
 */
@Configuration(proxyBeanMethods = false)
class MlflowConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MlflowConfiguration.class);

    @Bean
    MlflowEndpoint mlflowEndpoint(MlflowProperties properties, ClusterMode mode,
                                  ObjectProvider<EmbeddedTrackingServer> embedded) {
        if (properties.trackingUri() != null && !properties.trackingUri().isBlank()) {
            return MlflowEndpoint.configured(properties);
        }
        var server = mode.isSandbox() ? embedded.getIfAvailable() : null;
        if (server != null) {
            return MlflowEndpoint.embedded(server.trackingUri());
        }
        log.info("No MLflow tracking server configured (portal.mlflow.tracking-uri): the MLflow pages say so");
        return MlflowEndpoint.none();
    }

    @Bean
    MlflowGateway mlflowGateway(MlflowEndpoint endpoint, MlflowProperties properties) {
        return new MlflowGateway(endpoint, properties);
    }

    /** {@code mlflow} in {@code /readiness} only when there is an MLflow to be ready for (null: no such bean). */
    @Bean
    ReadinessCheck mlflowReadinessCheck(MlflowGateway gateway) {
        return gateway.isConfigured() ? new MlflowReadinessCheck(gateway) : null;
    }
}
