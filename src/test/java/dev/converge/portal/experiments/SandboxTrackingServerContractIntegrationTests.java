package dev.converge.portal.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.ArrayList;
import java.util.UUID;

import javax.sql.DataSource;

import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.sandbox.mlflow.RunGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The MLflow manager's contract against the sandbox's own tracking server, as the portal finds it on its embedded
 * defaults (no tracking URI configured): the same pages and answers as against MLflow's documented API.
 */
class SandboxTrackingServerContractIntegrationTests extends MlflowContract {

    @Autowired
    MlflowGateway gateway;

    @Autowired
    DataSource dataSource;

    @Override
    protected URI trackingUri() {
        return gateway.endpoint().uri();
    }

    /**
     * 3,000 runs of 20 params and 10 metrics: the duration index is read in several {@code runs/search} pages of
     * {@value RunDurations#READ_PAGE} full runs, each loaded by the sandbox server in chunks (a 5,000-run page with
     * one {@code IN} list per table used to outlast the read timeout at 10,000 runs and answer 503).
     */
    @Test
    void aDurationSortOverThousandsOfRunsAnswers() throws Exception {
        int runs = 3_000;
        var experimentId = new RunGenerator(dataSource, "s3://models/mlflow")
                .fill("durations-large-" + UUID.randomUUID(), runs, 0, 1);
        // every generated run lasts 45 s; one lasts ten hours, so it leads, then the others newest first
        new JdbcTemplate(dataSource).update("UPDATE mlflow_runs SET end_time = start_time + 36000000 WHERE "
                + "experiment_id = ? AND run_name = 'bench-run-7'", Long.parseLong(experimentId));
        var first = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", "duration", "dir", "desc",
                "size", 50).andExpect(status().isOk()));
        var names = new ArrayList<String>();
        first.get("runs").forEach(run -> names.add(run.get("name").asString()));
        assertThat(names).hasSize(50).startsWith("bench-run-7", "bench-run-3000", "bench-run-2999");
        var last = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", "duration", "dir", "asc",
                "size", 50).andExpect(status().isOk()));
        assertThat(last.get("runs").get(0).get("name").asString()).isEqualTo("bench-run-3000");
        assertThat(first.get("nextPageToken").isNull()).isFalse();
        page("viewer", "/mlflow/experiments/" + experimentId, "sort", "duration", "dir", "desc")
                .andExpect(status().isOk());
    }
}
