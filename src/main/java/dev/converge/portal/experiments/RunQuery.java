package dev.converge.portal.experiments;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.converge.portal.shared.web.InvalidInput;

/**
 * What the runs table of an experiment shows: MLflow's filter (passed through as typed), the column to sort by
 * ({@code start_time}, {@code status}, {@code user_id}, {@code run_name}, {@code end_time}, or
 * {@code metrics.<key>}, {@code params.<key>}, {@code tags.<key>}) and direction, the columns chosen, the page.
 */
public record RunQuery(String filter, String sort, String dir, List<String> columns, String pageToken, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    public static final int MAX_FILTER = 2_000;
    public static final String DURATION = "duration";
    private static final List<String> ATTRIBUTES = List.of("start_time", "end_time", "status", "user_id",
            "run_name", DURATION);
    private static final Pattern KEYED = Pattern.compile("(metrics|params|tags)\\.([^`\\p{Cntrl}]{1,250})");

    public RunQuery {
        filter = filter == null || filter.isBlank() ? null : filter.strip();
        sort = sort == null || sort.isBlank() ? "start_time" : sort.strip();
        dir = "asc".equalsIgnoreCase(dir) ? "asc" : "desc";
        columns = columns == null ? List.of() : columns.stream().filter(c -> c != null && !c.isBlank()).toList();
        pageToken = pageToken == null || pageToken.isBlank() ? null : pageToken;
        size = size < 1 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
    }

    public static RunQuery first() {
        return new RunQuery(null, null, null, List.of(), null, DEFAULT_SIZE);
    }

    /** Refuses what MLflow would not get to see: an oversized filter, a sort key no column has. */
    void check() {
        if (filter != null && filter.length() > MAX_FILTER) {
            throw InvalidInput.field("filter", "mlflow.error.filter.tooLong");
        }
        if (!ATTRIBUTES.contains(sort) && !KEYED.matcher(sort).matches()) {
            throw InvalidInput.field("sort", "mlflow.error.sort.unknown");
        }
    }

    /** The sort in MLflow's {@code order_by} syntax, keys in backticks so any name works. */
    String orderBy() {
        var matcher = KEYED.matcher(sort);
        var column = matcher.matches() ? matcher.group(1) + ".`" + matcher.group(2) + "`" : "attributes." + sort;
        return column + " " + dir.toUpperCase(Locale.ROOT);
    }

    /** Sorted by duration, which MLflow cannot do. */
    boolean byDuration() {
        return DURATION.equals(sort);
    }

    /** The parts of the query a page token belongs to. */
    String[] fingerprint(String experimentId) {
        return new String[] {"runs", experimentId, filter, sort, dir, String.valueOf(size)};
    }

    public boolean sortedBy(String column) {
        return sort.equals(column);
    }
}
