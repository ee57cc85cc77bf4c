package dev.converge.portal.sandbox.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark's generator, at the benchmark's size: 10,000 runs of 20 params and 10 metrics, 10 of them with
 * 1,000-step histories; and a search sorted by a metric over them, which must stay fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunGeneratorTests {

    private static final int RUNS = 10_000;

    private HikariDataSource dataSource;
    private SandboxTrackingServer server;
    private MlflowClient client;
    private String experimentId;

    @BeforeAll
    void fill() {
        dataSource = TrackingDatabases.migratedH2("generator");
        experimentId = new RunGenerator(dataSource, "s3://models/mlflow").fill("bench", RUNS, 10, 1000);
        server = new SandboxTrackingServer(dataSource, "s3://models/mlflow").start(0);
        client = new MlflowClient(server.trackingUri().toString());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
        dataSource.close();
    }

    @Test
    void everyRunHasItsParamsMetricsAndTheFirstOnesLongHistories() {
        var jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_runs", Long.class)).isEqualTo(RUNS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_params", Long.class)).isEqualTo(RUNS * 20L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_latest_metrics", Long.class))
                .isEqualTo(RUNS * 10L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_metrics", Long.class))
                .isEqualTo(10 * 10 * 1000L + (RUNS - 10) * 10L);
        var longest = client.searchRuns(List.of(experimentId), "attributes.run_name = 'bench-run-1'").get(0);
        assertThat(client.getMetricHistory(longest.getRunId(), "accuracy")).hasSize(1000);
    }

    @Test
    void aSearchSortedByAMetricReturnsTheBestRunsFirstAndStaysFast() {
        var page = search();
        var accuracies = page.stream().map(run -> latest(run, "accuracy")).toList();
        assertThat(page).hasSize(100);
        assertThat(accuracies).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        var best = new JdbcTemplate(dataSource).queryForObject(
                "SELECT MAX(metric_value) FROM mlflow_latest_metrics WHERE metric_key = 'accuracy'", Double.class);
        assertThat(accuracies.get(0)).isEqualTo(best);
        assertThat(page.get(0).getData().getParamsCount()).isEqualTo(20);

        for (int i = 0; i < 20; i++) {
            search();
        }
        var millis = new double[100];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            search();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        double p95 = millis[94];
        System.out.printf("searchRuns over %d runs sorted by a metric, 100 per page: p50 %.1f ms, p95 %.1f ms%n",
                RUNS, millis[49], p95);
        // The goal, well under 100 ms, is measured by bench/mlflow/seed --measure; tests share a loaded machine
        // (load 25-40 on 2 cores measured 390 ms here), so this bound only catches a plan gone quadratic.
        assertThat(p95).isLessThan(1_000);
    }

    /**
     * A page of 5,000 full runs (what the portal's duration index used to ask for) is loaded in chunks of
     * {@value RunStore#LOAD_CHUNK} ids: one statement for the ids, then four per chunk (runs, latest metrics, params,
     * tags), each run's keys sorted as MLflow lists them.
     */
    @Test
    void aLargeSearchLoadsItsRunsInChunks() {
        var counting = new CountingDataSource(dataSource);
        try (var counted = new SandboxTrackingServer(counting.dataSource(), "s3://models/mlflow").start(0);
             var countedClient = new MlflowClient(counted.trackingUri().toString())) {
            long before = counting.statements();
            var page = countedClient.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 5_000,
                    List.of()).getItems();
            assertThat(page).hasSize(5_000);
            assertThat(counting.statements() - before).isEqualTo(1 + 4 * (5_000 / RunStore.LOAD_CHUNK));
            var run = page.get(4_321);
            var params = run.getData().getParamsList().stream().map(param -> param.getKey()).toList();
            assertThat(params).hasSize(20).isSorted();
            assertThat(run.getData().getMetricsList().stream().map(metric -> metric.getKey()).toList()).hasSize(10)
                    .isSorted();
            assertThat(run.getData().getTagsList()).hasSize(3);
        }
    }

    private List<Run> search() {
        return client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.accuracy DESC")).getItems();
    }

    private static double latest(Run run, String key) {
        return run.getData().getMetricsList().stream().filter(metric -> metric.getKey().equals(key)).findFirst()
                .orElseThrow().getValue();
    }
}
