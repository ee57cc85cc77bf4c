package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an experiment of the sandbox tracking server with generated runs for benchmarks: each run has 20 params,
 * 10 metrics and 3 tags; the first {@code historyRuns} runs get {@code steps}-step histories of every metric, the
 * others one value each. Rows go in with JDBC batches, 500 runs per transaction (10,000 runs take seconds, where
 * 20,000 REST calls would take minutes).
 * <p>
 * Benchmark code, so it lives with the tests: {@link #main} (the command line of {@code bench/mlflow/seed}, which
 * prints its figures) works on the portal's database while the portal is stopped (H2 allows one process).
 */
public final class RunGenerator {

    static final List<String> PARAMS = List.of("lr", "batch_size", "epochs", "optimizer", "model", "dropout",
            "weight_decay", "warmup_steps", "seed", "layers", "hidden_size", "heads", "max_len", "scheduler",
            "momentum", "grad_clip", "dataset", "augmentation", "precision", "label_smoothing");
    static final List<String> METRICS = List.of("accuracy", "loss", "precision_score", "recall", "f1", "auc",
            "val_accuracy", "val_loss", "latency_ms", "throughput");
    private static final int RUNS_PER_TRANSACTION = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ExperimentStore experiments;

    public RunGenerator(DataSource dataSource, String artifactRoot) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.experiments = new ExperimentStore(new TrackingDatabase(dataSource), artifactRoot);
    }

    /** Creates experiment {@code name} (or adds to it) and {@code runs} runs in it; returns its id. */
    public String fill(String name, int runs, int historyRuns, int steps) {
        String experimentId;
        try {
            experimentId = experiments.getByName(name).get("experiment_id").asString();
        } catch (MlflowError e) {
            experimentId = experiments.create(name, null, List.of());
        }
        var artifactLocation = experiments.get(experimentId).get("artifact_location").asString();
        long id = Long.parseLong(experimentId);
        var random = new Random(id * 7919 + runs);
        long start = System.currentTimeMillis() - runs * 60_000L;
        for (int first = 0; first < runs; first += RUNS_PER_TRANSACTION) {
            int from = first;
            int to = Math.min(runs, first + RUNS_PER_TRANSACTION);
            transactions.executeWithoutResult(status -> insertRuns(id, artifactLocation, from, to, historyRuns,
                    steps, start, random));
        }
        return experimentId;
    }

    private void insertRuns(long experimentId, String artifactLocation, int from, int to, int historyRuns, int steps,
                            long start, Random random) {
        var runRows = new ArrayList<Object[]>();
        var paramRows = new ArrayList<Object[]>();
        var tagRows = new ArrayList<Object[]>();
        var latestRows = new ArrayList<Object[]>();
        var historyRows = new ArrayList<Object[]>();
        for (int i = from; i < to; i++) {
            var runId = UUID.randomUUID().toString().replace("-", "");
            long runStart = start + i * 60_000L;
            long runEnd = runStart + 45_000L;
            var name = "bench-run-" + (i + 1);
            runRows.add(new Object[] {runId, experimentId, name, "bench", "FINISHED", runStart, runEnd,
                    artifactLocation + "/" + runId + "/artifacts", ExperimentStore.ACTIVE});
            for (int p = 0; p < PARAMS.size(); p++) {
                paramRows.add(new Object[] {runId, PARAMS.get(p), paramValue(p, random)});
            }
            tagRows.add(new Object[] {runId, RunStore.RUN_NAME_TAG, name});
            tagRows.add(new Object[] {runId, "mlflow.user", "bench"});
            tagRows.add(new Object[] {runId, "team", i % 2 == 0 ? "vision" : "language"});
            int historySteps = i < historyRuns ? steps : 1;
            for (int m = 0; m < METRICS.size(); m++) {
                double target = random.nextDouble();
                double value = 0;
                for (int step = 0; step < historySteps; step++) {
                    value = historySteps == 1 ? target : target * (1 - Math.exp(-5.0 * (step + 1) / historySteps))
                            + random.nextGaussian() * 0.005;
                    historyRows.add(new Object[] {runId, METRICS.get(m), value, false, (long) step,
                            runStart + step * 40L});
                }
                latestRows.add(new Object[] {runId, METRICS.get(m), value, false, (long) historySteps - 1,
                        runStart + (historySteps - 1) * 40L});
            }
        }
        jdbc.batchUpdate("INSERT INTO mlflow_runs (run_uuid, experiment_id, run_name, user_id, status, start_time, "
                + "end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", runRows);
        jdbc.batchUpdate("INSERT INTO mlflow_params (run_uuid, param_key, param_value) VALUES (?, ?, ?)", paramRows);
        jdbc.batchUpdate("INSERT INTO mlflow_run_tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)", tagRows);
        jdbc.batchUpdate("INSERT INTO mlflow_latest_metrics (run_uuid, metric_key, metric_value, is_nan, step, "
                + "timestamp_ms) VALUES (?, ?, ?, ?, ?, ?)", latestRows);
        for (int i = 0; i < historyRows.size(); i += 10_000) {
            jdbc.batchUpdate("INSERT INTO mlflow_metrics (run_uuid, metric_key, metric_value, is_nan, step, "
                    + "timestamp_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    historyRows.subList(i, Math.min(historyRows.size(), i + 10_000)));
        }
    }

    private static String paramValue(int index, Random random) {
        return switch (PARAMS.get(index)) {
            case "optimizer" -> List.of("sgd", "adam", "adamw").get(random.nextInt(3));
            case "model" -> List.of("resnet18", "resnet50", "vit-small", "mobilenet-v3").get(random.nextInt(4));
            case "scheduler" -> List.of("cosine", "linear", "step").get(random.nextInt(3));
            case "dataset" -> "imagenet-subset-" + (1 + random.nextInt(5)) + "0k";
            case "lr" -> String.format(Locale.ROOT, "%.5f", Math.pow(10, -1 - 3 * random.nextDouble()));
            default -> Integer.toString(random.nextInt(1024));
        };
    }

    /**
     * {@code --jdbc-url URL [--user sa] [--password ""] [--experiment NAME] [--runs 10000] [--history-runs 10]
     * [--steps 1000] [--measure 200]}: migrates the database, seeds the demo once, fills the experiment, and with
     * {@code --measure N} serves it and times N {@code searchRuns} calls through {@code mlflow-client}.
     */
    public static void main(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        var url = options.get("jdbc-url");
        if (url == null) {
            throw new IllegalArgumentException("--jdbc-url is required, e.g. jdbc:h2:file:./data/db/portal");
        }
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(options.getOrDefault("user", "sa"));
        config.setPassword(options.getOrDefault("password", ""));
        config.setMaximumPoolSize(4);
        try (var dataSource = new HikariDataSource(config)) {
            // the portal's own locations (application.properties): shared scripts and the vendor's
            var vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
            var artifactRoot = options.getOrDefault("artifact-root", "s3://models/mlflow");
            var counting = new CountingDataSource(dataSource);
            var server = new SandboxTrackingServer(counting.dataSource(), artifactRoot).seedOnce();
            int runs = Integer.parseInt(options.getOrDefault("runs", "10000"));
            var name = options.getOrDefault("experiment", "Benchmark — " + runs + " generated runs (sandbox)");
            long started = System.nanoTime();
            var experimentId = new RunGenerator(dataSource, artifactRoot).fill(name, runs,
                    Integer.parseInt(options.getOrDefault("history-runs", "10")),
                    Integer.parseInt(options.getOrDefault("steps", "1000")));
            System.out.printf(Locale.ROOT, "experiment %s (\"%s\"): %d runs added in %d ms%n", experimentId, name,
                    runs, (System.nanoTime() - started) / 1_000_000);
            int measure = Integer.parseInt(options.getOrDefault("measure", "0"));
            if (measure > 0) {
                server.start(0);
                try (var client = new MlflowClient(server.trackingUri().toString())) {
                    measure(client, counting, experimentId, measure, "", i -> List.of("metrics." + METRICS.get(i % 10)
                            + " DESC"));
                    measure(client, counting, experimentId, measure, "metrics.loss < 0.5 AND params.optimizer = 'adam'",
                            i -> List.of("metrics." + METRICS.get(i % 10) + " ASC"));
                    measure(client, counting, experimentId, measure, "", i -> List.of("params." + PARAMS.get(i % 20)
                            + " DESC"));
                } finally {
                    server.close();
                }
            }
        }
    }

    private static void measure(MlflowClient client, CountingDataSource counting, String experimentId, int calls,
                                String filter, java.util.function.IntFunction<List<String>> orders) {
        // the order changes from call to call: H2 would answer a repeated query from its cached result
        for (int i = 0; i < Math.min(calls, 30); i++) {
            client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 100, orders.apply(i));
        }
        var millis = new double[calls];
        int found = 0;
        // CPU time of this process (server and client) per call: on a shared machine wall time is mostly waiting
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long statementsBefore = counting.statements();
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            found = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 100, orders.apply(i))
                    .getItems().size();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        double cpuPerCall = (os.getProcessCpuTime() - cpuBefore) / 1e6 / calls;
        double statementsPerCall = (counting.statements() - statementsBefore) / (double) calls;
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "searchRuns(filter=\"%s\", order_by=%s, max_results=100): %d runs/page, "
                        + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d calls; %.1f ms CPU per call (server and "
                        + "client); %.1f SQL statements per call; load average %.1f%n", filter, orders.apply(0) + "…", found,
                millis[calls / 2], millis[(int) Math.ceil(calls * 0.95) - 1], millis[(int) Math.ceil(calls * 0.99) - 1],
                calls, cpuPerCall, statementsPerCall, os.getSystemLoadAverage());
    }
}
