package dev.converge.portal.platform.mlflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow_project.google.protobuf.InvalidProtocolBufferException;
import org.mlflow_project.google.protobuf.Message;
import org.mlflow_project.google.protobuf.MessageOrBuilder;
import org.mlflow_project.google.protobuf.util.JsonFormat;

/**
 * MLflow's JSON read into mlflow-client's protobuf messages (the API's own schema, so field names and enums are
 * exactly MLflow's) and turned into the portal's records. Unknown fields from newer servers are ignored.
 */
final class MlflowProtos {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();

    private MlflowProtos() {
    }

    @SuppressWarnings("unchecked")
    static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw MlflowUnavailable.failed(200, "unreadable answer");
        }
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static MlflowExperiment experiment(Service.Experiment e) {
        var tags = new LinkedHashMap<String, String>();
        e.getTagsList().forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
        return new MlflowExperiment(e.getExperimentId(), e.getName(), e.getArtifactLocation(), e.getLifecycleStage(),
                e.hasCreationTime() ? Instant.ofEpochMilli(e.getCreationTime()) : null,
                e.hasLastUpdateTime() ? Instant.ofEpochMilli(e.getLastUpdateTime()) : null, tags);
    }

    static MlflowRun run(Service.Run r) {
        var info = r.getInfo();
        var params = new TreeMap<String, String>();
        r.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        var metrics = new TreeMap<String, MlflowRun.LatestMetric>();
        r.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(),
                new MlflowRun.LatestMetric(m.getValue(), m.getStep(), Instant.ofEpochMilli(m.getTimestamp()))));
        var tags = new TreeMap<String, String>();
        r.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        var id = info.hasRunId() ? info.getRunId() : info.getRunUuid();
        var name = info.hasRunName() ? info.getRunName() : tags.getOrDefault("mlflow.runName", id);
        var user = info.hasUserId() && !info.getUserId().isEmpty() ? info.getUserId() : tags.get("mlflow.user");
        return new MlflowRun(id, name, info.getExperimentId(), user, info.getStatus().name(),
                info.hasStartTime() && info.getStartTime() > 0 ? Instant.ofEpochMilli(info.getStartTime()) : null,
                info.hasEndTime() && info.getEndTime() > 0 ? Instant.ofEpochMilli(info.getEndTime()) : null,
                info.getArtifactUri(), info.getLifecycleStage(), params, metrics, tags);
    }

    static MetricPoint point(Service.Metric m) {
        return new MetricPoint(m.getStep(), m.getTimestamp(), m.getValue());
    }

    static ArtifactEntry artifact(Service.FileInfo f) {
        return new ArtifactEntry(f.getPath(), f.getIsDir(), f.hasFileSize() && !f.getIsDir() ? f.getFileSize() : null);
    }

    static MlflowModel model(ModelRegistry.RegisteredModel m) {
        var aliases = new TreeMap<String, String>();
        m.getAliasesList().forEach(a -> aliases.put(a.getAlias(), a.getVersion()));
        var tags = new LinkedHashMap<String, String>();
        m.getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        return new MlflowModel(m.getName(), m.getDescription(),
                m.hasCreationTimestamp() ? Instant.ofEpochMilli(m.getCreationTimestamp()) : null,
                m.hasLastUpdatedTimestamp() ? Instant.ofEpochMilli(m.getLastUpdatedTimestamp()) : null,
                m.getLatestVersionsList().stream().map(MlflowProtos::version).toList(), aliases, tags);
    }

    static MlflowModelVersion version(ModelRegistry.ModelVersion v) {
        return new MlflowModelVersion(v.getName(), v.getVersion(), v.getSource(), v.getRunId(),
                v.hasStatus() ? v.getStatus().name() : null, v.getCurrentStage(), v.getDescription(),
                v.hasCreationTimestamp() ? Instant.ofEpochMilli(v.getCreationTimestamp()) : null,
                List.copyOf(v.getAliasesList()));
    }
}
