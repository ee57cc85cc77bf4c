package dev.converge.portal.platform.mlflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run: its info, params, latest metric values and tags (sorted by key, so tables and comparisons line up).
 * {@code endedAt} is null while it runs.
 */
public record MlflowRun(String id, String name, String experimentId, String userId, String status, Instant startedAt,
                        Instant endedAt, String artifactUri, String lifecycleStage, SortedMap<String, String> params,
                        SortedMap<String, LatestMetric> metrics, SortedMap<String, String> tags) {

    /** Where a run records the deployment it evaluated, as {@code <namespace>/<name>}. */
    public static final String DEPLOYMENT_TAG = "converge.dev/deployment";

    public MlflowRun {
        params = new TreeMap<>(params);
        metrics = new TreeMap<>(metrics);
        tags = new TreeMap<>(tags);
    }

    /** A metric's last logged value. */
    public record LatestMetric(double value, long step, Instant at) {
    }

    /** How long it ran (until now while it still runs); null without a start. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, endedAt == null ? now : endedAt);
    }

    public Map<String, String> userTags() {
        var shown = new TreeMap<String, String>();
        tags.forEach((key, value) -> {
            if (!key.startsWith("mlflow.")) {
                shown.put(key, value);
            }
        });
        return shown;
    }
}
