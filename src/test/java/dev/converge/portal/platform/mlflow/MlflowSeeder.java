package dev.converge.portal.platform.mlflow;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * Fills an MLflow tracking server through mlflow-client, the real Java client (and its {@code sendPost} for the
 * registry calls it has no method for), so the same fixture works against the stub and any MLflow-compatible server.
 */
public final class MlflowSeeder implements AutoCloseable {

    private final MlflowClient client;

    public MlflowSeeder(URI trackingUri) {
        client = new MlflowClient(trackingUri.toString());
    }

    public String experiment(String name) {
        return client.createExperiment(name);
    }

    /**
     * A finished run: {@code params}, each metric logged at steps 0..steps-1 (value from {@code curve}), tags.
     * {@code startMillis} orders runs.
     */
    public String run(String experimentId, String name, long startMillis, Map<String, String> params,
                      Map<String, Double> finalMetrics, int steps, Map<String, String> tags) {
        var info = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experimentId).setRunName(name)
                .setStartTime(startMillis).setUserId("seeder").build());
        var runId = info.getRunId();
        var metrics = new ArrayList<Service.Metric>();
        finalMetrics.forEach((key, last) -> {
            for (int step = 0; step < steps; step++) {
                double value = steps == 1 ? last : last * (0.5 + 0.5 * step / (steps - 1.0));
                metrics.add(Service.Metric.newBuilder().setKey(key).setValue(value).setStep(step)
                        .setTimestamp(startMillis + step * 1_000L).build());
            }
        });
        var paramList = params.entrySet().stream().map(e -> Service.Param.newBuilder().setKey(e.getKey())
                .setValue(e.getValue()).build()).toList();
        var tagList = tags.entrySet().stream().map(e -> Service.RunTag.newBuilder().setKey(e.getKey())
                .setValue(e.getValue()).build()).toList();
        // log-batch takes at most 1,000 metrics per call
        for (int from = 0; from < Math.max(1, metrics.size()); from += 1_000) {
            client.logBatch(runId, metrics.subList(from, Math.min(metrics.size(), from + 1_000)),
                    from == 0 ? paramList : List.of(), from == 0 ? tagList : List.of());
        }
        client.setTerminated(runId, Service.RunStatus.FINISHED, startMillis + 60_000L + steps * 1_000L);
        return runId;
    }

    /** A run with only a start and, unless {@code endMillis} is null (it still runs), an end. */
    public String timedRun(String experimentId, String name, long startMillis, Long endMillis) {
        var runId = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experimentId).setRunName(name)
                .setStartTime(startMillis).setUserId("seeder").build()).getRunId();
        if (endMillis != null) {
            client.setTerminated(runId, Service.RunStatus.FINISHED, endMillis);
        }
        return runId;
    }

    public void model(String name) {
        client.sendPost("registered-models/create", "{\"name\":\"" + name + "\"}");
    }

    /** Registers a version of {@code name} from {@code source}, produced by {@code runId}; answers its number. */
    public String version(String name, String source, String runId) {
        var answer = client.sendPost("model-versions/create",
                "{\"name\":\"" + name + "\",\"source\":\"" + source + "\",\"run_id\":\"" + runId + "\"}");
        var marker = "\"version\":\"";
        int at = answer.replace(" ", "").indexOf(marker);
        var compact = answer.replace(" ", "");
        return compact.substring(at + marker.length(), compact.indexOf('"', at + marker.length()));
    }

    public void alias(String name, String alias, String version) {
        client.sendPost("registered-models/alias",
                "{\"name\":\"" + name + "\",\"alias\":\"" + alias + "\",\"version\":\"" + version + "\"}");
    }

    @Override
    public void close() {
        client.close();
    }
}
