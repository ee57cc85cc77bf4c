package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The data a fresh sandbox tracking server starts with: MLflow's Default experiment, one experiment labelled as the
 * sandbox's demo with a few finished runs (params, tags, 20-epoch loss and accuracy histories), and a registered
 * model with three versions from those runs, alias {@code champion} on version 2, sources under {@code s3://models/}.
 */
final class DemoSeed {

    static final String EXPERIMENT = "Sandbox demo — image classifier (simulated data)";
    static final String MODEL = "sandbox-demo-classifier";

    private static final List<Map<String, String>> RUNS = List.of(
            Map.of("model", "resnet18", "lr", "0.01", "batch_size", "64", "optimizer", "sgd"),
            Map.of("model", "resnet50", "lr", "0.001", "batch_size", "32", "optimizer", "adam"),
            Map.of("model", "resnet50", "lr", "0.0003", "batch_size", "64", "optimizer", "adamw"),
            Map.of("model", "vit-small", "lr", "0.0005", "batch_size", "128", "optimizer", "adamw"),
            Map.of("model", "mobilenet-v3", "lr", "0.005", "batch_size", "128", "optimizer", "sgd"));
    private static final int EPOCHS = 20;

    private final ExperimentStore experiments;
    private final RunStore runs;
    private final RegistryStore registry;

    DemoSeed(ExperimentStore experiments, RunStore runs, RegistryStore registry) {
        this.experiments = experiments;
        this.runs = runs;
        this.registry = registry;
    }

    void seed() {
        experiments.createDefault();
        var experimentId = experiments.create(EXPERIMENT, null, List.of(
                request(Map.of("key", "mlflow.note.content", "value", "Simulated by the Converge Portal sandbox: "
                        + "these runs never trained anything.")),
                request(Map.of("key", "converge.dev/sandbox", "value", "true"))));
        long start = System.currentTimeMillis() - RUNS.size() * 3_600_000L;
        var runIds = new ArrayList<String>();
        for (int i = 0; i < RUNS.size(); i++) {
            var params = RUNS.get(i);
            long runStart = start + i * 3_600_000L;
            var created = runs.create(request(Map.of("experiment_id", experimentId, "user_id", "sandbox",
                    "run_name", params.get("model") + "-" + (i + 1), "start_time", Long.toString(runStart))));
            var runId = created.get("run").get("info").get("run_id").asString();
            runIds.add(runId);
            params.forEach((key, value) -> runs.logParam(runId, key, value));
            runs.logParam(runId, "epochs", Integer.toString(EPOCHS));
            runs.setTag(runId, "converge.dev/sandbox", "true");
            runs.setTag(runId, "mlflow.source.name", "train.py");
            runs.setTag(runId, "dataset", "imagenet-subset-10k");
            // each run converges to a different accuracy, so sorting and comparing show something
            double ceiling = 0.78 + 0.035 * i;
            var metrics = new ArrayList<TrackingRequest>();
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                double progress = 1 - Math.exp(-(epoch + 1) / 5.0);
                long at = runStart + epoch * 120_000L;
                metrics.add(metric("accuracy", round(ceiling * progress), at, epoch));
                metrics.add(metric("loss", round(2.3 * (1 - progress) + 0.15 + 0.01 * i), at, epoch));
                metrics.add(metric("val_accuracy", round(ceiling * progress - 0.02), at, epoch));
            }
            metrics.add(metric("train_seconds", EPOCHS * 120 + 37 * i, runStart + EPOCHS * 120_000L, 0));
            runs.logBatch(runId, metrics, List.of(), List.of());
            runs.update(request(Map.of("run_id", runId, "status", "FINISHED",
                    "end_time", Long.toString(runStart + EPOCHS * 120_000L))));
        }
        registry.createModel(MODEL, "Image classifier trained in the sandbox demo experiment (simulated).",
                List.of(request(Map.of("key", "converge.dev/sandbox", "value", "true"))));
        for (int version = 1; version <= 3; version++) {
            var runId = runIds.get(version + 1);
            registry.createVersion(request(Map.of("name", MODEL, "run_id", runId,
                    "source", "s3://models/vision/" + MODEL + "/v" + version,
                    "description", "From run " + runId + " (" + RUNS.get(version + 1).get("model") + ")")));
        }
        registry.setAlias(MODEL, "champion", "2");
        registry.setAlias(MODEL, "challenger", "3");
    }

    private static TrackingRequest metric(String key, double value, long timestamp, int step) {
        var node = TrackingDatabase.JSON.objectNode().put("key", key).put("value", value).put("timestamp", timestamp)
                .put("step", step);
        return new TrackingRequest(node);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static TrackingRequest request(Map<String, String> fields) {
        ObjectNode node = TrackingDatabase.JSON.objectNode();
        fields.forEach(node::put);
        return new TrackingRequest(node);
    }
}
