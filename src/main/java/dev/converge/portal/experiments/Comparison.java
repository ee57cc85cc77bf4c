package dev.converge.portal.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.converge.portal.platform.mlflow.MetricPoint;
import dev.converge.portal.platform.mlflow.MlflowRun;

/**
 * Runs side by side: each param and latest metric as a row of values (one per run, in the order asked) marked when
 * they differ, and each metric's histories (metric → run id → points) for overlaid charts.
 */
public record Comparison(List<MlflowRun> runs, List<Row> params, List<Row> metrics,
                         Map<String, Map<String, List<MetricPoint>>> histories) {

    public Comparison {
        runs = List.copyOf(runs);
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
    }

    /** One key across the runs; a run without it has a null value. */
    public record Row(String key, List<String> values, boolean differs) {
        public Row {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    static Comparison of(List<MlflowRun> runs, Map<String, Map<String, List<MetricPoint>>> histories) {
        var paramKeys = new TreeSet<String>();
        var metricKeys = new TreeSet<String>();
        runs.forEach(run -> {
            paramKeys.addAll(run.params().keySet());
            metricKeys.addAll(run.metrics().keySet());
        });
        var params = paramKeys.stream().map(key -> row(key, runs.stream().map(r -> r.params().get(key)).toList()))
                .toList();
        var metrics = metricKeys.stream().map(key -> row(key, runs.stream().map(r -> {
            var metric = r.metrics().get(key);
            return metric == null ? null : RunTable.number(metric.value());
        }).toList())).toList();
        return new Comparison(runs, params, metrics, new LinkedHashMap<>(histories));
    }

    private static Row row(String key, List<String> values) {
        return new Row(key, values, new HashSet<>(values.stream().map(v -> Objects.toString(v, "\u0000")).toList())
                .size() > 1);
    }
}
