package dev.converge.portal.experiments;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.converge.portal.platform.mlflow.MlflowExperiment;
import dev.converge.portal.platform.mlflow.MlflowRun;

/**
 * One page of an experiment's runs, as the table shows it: the columns the runs have (params, metrics, tags), the
 * ones chosen, and each cell's text. {@code nextPageToken} is the portal's token (null on the last page);
 * {@code filterError} is MLflow's message when it refused the filter or sort (then there are no runs).
 */
public record RunTable(MlflowExperiment experiment, RunQuery query, List<MlflowRun> runs,
                       List<String> availableColumns, List<String> columns, String nextPageToken, String filterError,
                       Instant readAt) {

    /** The first metrics and params shown when no column was chosen. */
    static final int DEFAULT_METRICS = 8;
    static final int DEFAULT_PARAMS = 5;
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** DecimalFormat is not thread-safe and costly to build: one per thread, for the ~1,000 cells of a page. */
    private static final ThreadLocal<DecimalFormat> NUMBER = ThreadLocal.withInitial(() ->
            new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));

    public RunTable {
        runs = List.copyOf(runs);
        availableColumns = List.copyOf(availableColumns);
        columns = List.copyOf(columns);
    }

    /**
     * A row as the table shows it: the run, its start (UTC) and duration and the chosen columns' cells, and the
     * status's CSS class, computed once per page in Java rather than by expressions per cell.
     */
    public record Row(MlflowRun run, String started, String duration, String statusClass, List<Cell> cells) {
    }

    public record Cell(String text, boolean number) {
    }

    public List<Row> rows() {
        return runs.stream().map(run -> new Row(run,
                run.startedAt() == null ? "" : STARTED.format(run.startedAt()), duration(run),
                "run-" + run.status().toLowerCase(Locale.ROOT), columns.stream()
                .map(column -> new Cell(value(run, column), column.startsWith("metrics."))).toList())).toList();
    }

    /** A cell's text: a param or tag as logged, a metric's latest value rounded for reading; blank when absent. */
    public String value(MlflowRun run, String column) {
        if (column.startsWith("metrics.")) {
            var metric = run.metrics().get(column.substring("metrics.".length()));
            return metric == null ? "" : number(metric.value());
        }
        if (column.startsWith("params.")) {
            return run.params().getOrDefault(column.substring("params.".length()), "");
        }
        if (column.startsWith("tags.")) {
            return run.tags().getOrDefault(column.substring("tags.".length()), "");
        }
        return "";
    }

    public String duration(MlflowRun run) {
        return words(run.duration(readAt));
    }

    /** The key after {@code metrics.}, {@code params.} or {@code tags.}. */
    public static String label(String column) {
        return column.substring(column.indexOf('.') + 1);
    }

    public static String kind(String column) {
        return column.substring(0, column.indexOf('.'));
    }

    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return NUMBER.get().format(value);
    }

    static String words(Duration duration) {
        if (duration == null) {
            return "";
        }
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
