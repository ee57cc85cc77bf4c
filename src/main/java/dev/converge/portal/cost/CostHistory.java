package dev.converge.portal.cost;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cost feature's tables: daily snapshots of the run-rate (one set of rows per day, rewritten as the day goes on)
 * and usage samples per deployment for recommendations.
 */
@Repository
public class CostHistory {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    CostHistory(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Replaces the day's snapshot by the run-rate of these pods, summed per namespace, deployment, zone and GPU type
     * (and the RAG model, which a deployment determines).
     */
    public void writeSnapshot(LocalDate day, List<Allocation> allocations) {
        var sums = new HashMap<List<String>, double[]>();
        for (var a : allocations) {
            var p = a.pod();
            var sum = sums.computeIfAbsent(List.of(p.namespace(), p.deployment(), p.zone(), p.gpuType(),
                            p.ragModel()),
                    key -> new double[2]);
            sum[0] += a.total();
            sum[1] += a.idle();
        }
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM cost_daily_snapshots WHERE snapshot_day = ?").param(day).update();
            sums.forEach((key, sum) -> jdbc.sql("INSERT INTO cost_daily_snapshots (snapshot_day, namespace, "
                            + "deployment, zone, gpu_type, rag_model, hourly_cost, idle_hourly_cost) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(day, key.get(0), key.get(1), key.get(2), key.get(3), key.get(4),
                            java.math.BigDecimal.valueOf(sum[0]).setScale(6, java.math.RoundingMode.HALF_UP),
                            java.math.BigDecimal.valueOf(sum[1]).setScale(6, java.math.RoundingMode.HALF_UP))
                    .update());
        });
    }

    /** Cost per day of these namespaces from {@code from} to {@code to} (both included), days without a snapshot left out. */
    public List<DayCost> trend(Collection<String> namespaces, LocalDate from, LocalDate to) {
        if (namespaces.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT snapshot_day, SUM(hourly_cost) AS hourly, SUM(idle_hourly_cost) AS idle "
                        + "FROM cost_daily_snapshots WHERE namespace IN (:namespaces) AND snapshot_day BETWEEN :from AND :to "
                        + "GROUP BY snapshot_day ORDER BY snapshot_day")
                .param("namespaces", namespaces).param("from", from).param("to", to)
                .query((rs, row) -> new DayCost(rs.getObject("snapshot_day", LocalDate.class),
                        CostGroup.round(rs.getDouble("hourly") * 24, 2), CostGroup.round(rs.getDouble("idle") * 24, 2)))
                .list();
    }

    /** One snapshot row: a day's run-rate of one namespace, deployment, zone and GPU type ("" RAG model: none). */
    public record SnapshotRow(LocalDate day, String namespace, String deployment, String zone, String gpuType,
                              String ragModel, double hourly, double idleHourly) {
    }

    public List<SnapshotRow> snapshots(Collection<String> namespaces, LocalDate from, LocalDate to) {
        if (namespaces.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM cost_daily_snapshots WHERE namespace IN (:namespaces) "
                        + "AND snapshot_day BETWEEN :from AND :to")
                .param("namespaces", namespaces).param("from", from).param("to", to)
                .query((rs, row) -> new SnapshotRow(rs.getObject("snapshot_day", LocalDate.class),
                        rs.getString("namespace"), rs.getString("deployment"), rs.getString("zone"),
                        rs.getString("gpu_type"), rs.getString("rag_model"), rs.getDouble("hourly_cost"),
                        rs.getDouble("idle_hourly_cost")))
                .list();
    }

    public void recordSamples(List<UsageSample> samples) {
        transactions.executeWithoutResult(status -> samples.forEach(s -> jdbc.sql(
                        "INSERT INTO cost_usage_samples (namespace, deployment, sampled_at, pods, cpu_millis, "
                                + "memory_bytes) VALUES (?, ?, ?, ?, ?, ?)")
                .params(s.namespace(), s.deployment(), Timestamp.from(s.at()), s.pods(), s.cpuMillis(),
                        s.memoryBytes())
                .update()));
    }

    /** The time of the newest sample in the table (written by whichever replica leads); null when there is none. */
    public Instant newestSampleAt() {
        return jdbc.sql("SELECT MAX(sampled_at) FROM cost_usage_samples")
                .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .optional().orElse(null);
    }

    /** Samples since {@code since} of these namespaces, per "namespace/deployment", oldest first. */
    public Map<String, List<UsageSample>> samples(Collection<String> namespaces, Instant since) {
        var result = new HashMap<String, List<UsageSample>>();
        if (namespaces.isEmpty()) {
            return result;
        }
        jdbc.sql("SELECT * FROM cost_usage_samples WHERE namespace IN (:namespaces) AND sampled_at >= :since "
                        + "ORDER BY sampled_at")
                .param("namespaces", namespaces).param("since", Timestamp.from(since))
                .query((rs, row) -> new UsageSample(rs.getString("namespace"), rs.getString("deployment"),
                        rs.getTimestamp("sampled_at").toInstant(), rs.getInt("pods"), rs.getLong("cpu_millis"),
                        rs.getLong("memory_bytes")))
                .list().forEach(s -> result.computeIfAbsent(s.namespace() + "/" + s.deployment(),
                        key -> new ArrayList<>()).add(s));
        return result;
    }

    /** Keeps the tables small: samples before {@code samplesBefore}, snapshots before {@code snapshotsBefore} go. */
    public void prune(Instant samplesBefore, LocalDate snapshotsBefore) {
        jdbc.sql("DELETE FROM cost_usage_samples WHERE sampled_at < ?").param(Timestamp.from(samplesBefore)).update();
        jdbc.sql("DELETE FROM cost_daily_snapshots WHERE snapshot_day < ?").param(snapshotsBefore).update();
    }
}
