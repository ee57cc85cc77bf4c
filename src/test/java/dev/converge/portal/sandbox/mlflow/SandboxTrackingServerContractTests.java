package dev.converge.portal.sandbox.mlflow;

import com.zaxxer.hikari.HikariDataSource;
import dev.converge.portal.platform.mlflow.MlflowTrackingContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The MLflow tracking contract, driven with {@code mlflow-client} against the sandbox tracking server on H2. */
class SandboxTrackingServerContractTests extends MlflowTrackingContract {

    private HikariDataSource dataSource;
    private SandboxTrackingServer server;

    @BeforeAll
    void startServer() {
        dataSource = TrackingDatabases.migratedH2("contract");
        server = new SandboxTrackingServer(dataSource, "s3://models/mlflow").seedOnce().start(0);
    }

    @AfterAll
    void stopServer() {
        server.close();
        dataSource.close();
    }

    @Override
    protected String trackingUri() {
        return server.trackingUri().toString();
    }
}
