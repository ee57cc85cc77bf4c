package dev.converge.portal.experiments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowRun;
import dev.converge.portal.platform.mlflow.MlflowUnavailable;
import dev.converge.portal.shared.web.InvalidInput;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The order of an experiment's runs by duration, which MLflow cannot sort by ({@code runs/search} orders by stored
 * columns only, and a duration is end minus start, or now minus start while a run runs).
 * <p>
 * The portal keeps, per experiment and filter, an index of (run id, start, end): read once with the filter
 * ({@code runs/search}, {@value #READ_PAGE} runs a call), then kept current cheaply: within {@link #FRESH_FOR} it is
 * used as is; after that two searches ask only for what changed, runs started since the latest start it knows and
 * runs ended since the last look ({@code attributes.start_time >= ...}, {@code attributes.end_time >= ...}; on a
 * quiet experiment both answer nothing). Every {@link #REBUILD_AFTER} it is read again whole, which also drops
 * deleted runs and runs a metric filter no longer matches. A page is then a slice of the sorted index, and the
 * page's runs are read by id ({@code attributes.run_id IN (...)}): one {@code runs/search} per page, as for every
 * other column.
 * <p>
 * Reading the index whole is the one slow step (10 calls at 10,000 runs). It reads {@value #READ_PAGE} runs a call,
 * each call with its own deadline (the gateway's read timeout), so no one call has to carry thousands of runs, and
 * all of them together within {@link #BUILD_BUDGET}; past it the page answers 503 saying that the duration order could
 * not be read in time and what to do (filter, or sort by start or end time), rather than the page's usual deadline
 * expiring half-way. MLflow's {@code max_results} allows 50,000 but the smaller page is what keeps each call bounded.
 */
@Component
public class RunDurations {

    static final Duration FRESH_FOR = Duration.ofSeconds(10);
    static final Duration REBUILD_AFTER = Duration.ofMinutes(5);
    /** Margin for the tracking server's clock against the portal's when asking for runs ended since a time. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
    static final int READ_PAGE = 1_000;
    /** How long reading an index whole may take in all (each call within the read timeout as well). */
    static final Duration BUILD_BUDGET = Duration.ofSeconds(30);
    /** Beyond this many matching runs the index would cost too much memory and time to read: filter first. */
    static final int MAX_RUNS = 100_000;
    private static final int MAX_INDEXES = 32;

    private final MlflowGateway mlflow;
    private final Clock clock;
    private final Duration budget;
    /** The most recently used indexes (experiment and filter); the map itself is guarded by {@code this}. */
    private final Map<List<String>, Index> indexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Index> eldest) {
            return size() > MAX_INDEXES;
        }
    };

    @Autowired
    public RunDurations(MlflowGateway mlflow, Clock clock) {
        this(mlflow, clock, BUILD_BUDGET);
    }

    RunDurations(MlflowGateway mlflow, Clock clock, Duration budget) {
        this.mlflow = mlflow;
        this.clock = clock;
        this.budget = budget;
    }

    /** The ids of one page of the experiment's runs matching {@code filter}, by duration; and how many match. */
    public record Slice(List<String> runIds, int total) {
    }

    /** When a run started and ended (null while it runs), epoch milliseconds. */
    record Span(String runId, long start, Long end) {
        long duration(long now) {
            return (end == null ? now : end) - start;
        }
    }

    /**
     * The page's slice. Reads from MLflow when the index is stale, each call in its own session (its own deadline):
     * the caller's session is not used, so the page's other calls get a deadline of their own afterwards.
     */
    public Slice page(String experimentId, String filter, boolean ascending, int offset, int size) {
        var index = indexOf(experimentId, filter);
        List<Span> spans;
        synchronized (index) {
            index.refresh(experimentId, filter);
            spans = new ArrayList<>(index.spans.values());
        }
        long now = clock.millis();
        Comparator<Span> byDuration = Comparator.comparingLong(span -> span.duration(now));
        // the longest first when descending; ties newest first, then by id, so pages never overlap
        var order = (ascending ? byDuration : byDuration.reversed())
                .thenComparing(Comparator.comparingLong(Span::start).reversed()).thenComparing(Span::runId);
        spans.sort(order);
        var ids = spans.subList(Math.min(offset, spans.size()), Math.min(offset + size, spans.size())).stream()
                .map(Span::runId).toList();
        return new Slice(ids, spans.size());
    }

    /** Forgets every index (the next page reads again). */
    public synchronized void clear() {
        indexes.clear();
    }

    private synchronized Index indexOf(String experimentId, String filter) {
        return indexes.computeIfAbsent(List.of(experimentId, Objects.toString(filter, "")), key -> new Index());
    }

    /** One experiment and filter's spans. Guarded by itself: one refresh at a time, the others wait for it. */
    private final class Index {

        private final Map<String, Span> spans = new HashMap<>();
        private Instant builtAt;
        private Instant lookedAt;
        private long latestStart;

        void refresh(String experimentId, String filter) {
            var now = clock.instant();
            long until = System.nanoTime() + budget.toNanos();
            if (builtAt == null || now.isAfter(builtAt.plus(REBUILD_AFTER))) {
                var all = new HashMap<String, Span>();
                read(experimentId, filter, all, until);
                spans.clear();
                spans.putAll(all);
                builtAt = now;
            } else if (now.isAfter(lookedAt.plus(FRESH_FOR))) {
                read(experimentId, and(filter, "attributes.start_time >= " + latestStart), spans, until);
                read(experimentId, and(filter, "attributes.end_time >= "
                        + lookedAt.minus(CLOCK_SLACK).toEpochMilli()), spans, until);
            } else {
                return;
            }
            lookedAt = now;
            latestStart = spans.values().stream().mapToLong(Span::start).max().orElse(0);
        }

        private void read(String experimentId, String filter, Map<String, Span> into, long until) {
            String token = null;
            do {
                if (System.nanoTime() - until > 0) {
                    throw MlflowUnavailable.durationOrderTooSlow(into.size(), budget.toSeconds());
                }
                var session = mlflow.session();
                var page = session.await(session.searchRuns(List.of(experimentId), filter, null,
                        MlflowGateway.ViewType.ACTIVE_ONLY, READ_PAGE, token));
                for (var run : page.items()) {
                    into.put(run.id(), span(run));
                }
                if (into.size() > MAX_RUNS) {
                    throw InvalidInput.field("sort", "mlflow.error.sort.durationTooMany");
                }
                token = page.nextPageToken();
            } while (token != null && !token.isEmpty());
        }
    }

    private static Span span(MlflowRun run) {
        long start = run.startedAt() == null ? 0 : run.startedAt().toEpochMilli();
        return new Span(run.id(), start, run.endedAt() == null ? null : run.endedAt().toEpochMilli());
    }

    /** MLflow's filters are conjunctions only, so adding a clause is appending it. */
    private static String and(String filter, String clause) {
        return filter == null ? clause : filter + " AND " + clause;
    }
}
