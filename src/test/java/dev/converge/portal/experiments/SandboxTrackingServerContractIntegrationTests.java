package dev.converge.portal.experiments;

import java.net.URI;

import dev.converge.portal.platform.mlflow.MlflowGateway;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The MLflow manager's contract against the sandbox's own tracking server, as the portal finds it on its embedded
 * defaults (no tracking URI configured): the same pages and answers as against MLflow's documented API.
 */
class SandboxTrackingServerContractIntegrationTests extends MlflowContract {

    @Autowired
    MlflowGateway gateway;

    @Override
    protected URI trackingUri() {
        return gateway.endpoint().uri();
    }
}
