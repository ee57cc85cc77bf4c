package dev.converge.portal.sandbox.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.converge.portal.platform.mlflow.MlflowTrackingContract;
import dev.converge.portal.shared.postgres.OnPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The tracking contract, and the benchmark's run generator, on PostgreSQL: what production would store it in. */
@OnPostgres(covers = {SandboxTrackingServer.class, TrackingDatabase.class, RunGenerator.class})
class SandboxTrackingServerOnPostgresTests extends MlflowTrackingContract {

    private HikariDataSource dataSource;
    private SandboxTrackingServer server;

    @BeforeAll
    void startServer() {
        dataSource = TrackingDatabases.migratedPostgres();
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

    @Test
    void theGeneratorFillsAnExperimentOnPostgres() {
        new RunGenerator(dataSource, "s3://models/mlflow").fill("generated-on-postgres", 50, 2, 20);
        var jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_params p JOIN mlflow_runs r ON r.run_uuid = p.run_uuid"
                + " JOIN mlflow_experiments e ON e.experiment_id = r.experiment_id WHERE e.name = 'generated-on-postgres'",
                Long.class)).isEqualTo(50 * 20L);
    }
}
