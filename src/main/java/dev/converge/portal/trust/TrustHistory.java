package dev.converge.portal.trust;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Score changes and a daily snapshot per scorecard (V10), in the portal's database. */
@Repository
class TrustHistory {

    private final JdbcClient jdbc;

    TrustHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void recordChange(Scorecard card) {
        jdbc.sql("""
                INSERT INTO trust_score_changes (kind, namespace, name, score, passed, applicable, minimum,
                    below_minimum, failing, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(card.kind(), card.namespace(), card.name(), card.score(), card.passed(), card.applicable(),
                        card.minimum(), card.belowMinimum(), String.join(",", card.failing()),
                        Timestamp.from(card.computedAt()))
                .update();
    }

    /** The day's snapshot: the last score of the day (UTC) wins. */
    void snapshot(Scorecard card) {
        var day = LocalDate.ofInstant(card.computedAt(), ZoneOffset.UTC);
        var failing = String.join(",", card.failing());
        int updated = jdbc.sql("""
                UPDATE trust_daily_snapshots SET score = ?, passed = ?, applicable = ?, failing = ?, recorded_at = ?
                WHERE snapshot_day = ? AND kind = ? AND namespace = ? AND name = ?""")
                .params(card.score(), card.passed(), card.applicable(), failing, Timestamp.from(card.computedAt()),
                        day, card.kind(), card.namespace(), card.name())
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                        INSERT INTO trust_daily_snapshots (snapshot_day, kind, namespace, name, score, passed, applicable,
                            failing, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(day, card.kind(), card.namespace(), card.name(), card.score(), card.passed(),
                                card.applicable(), failing, Timestamp.from(card.computedAt()))
                        .update();
            } catch (DuplicateKeyException e) {
                // another node wrote the day's row first: its score is as recent as this one
            }
        }
    }

    /** The most recent changes, oldest first. */
    List<ScorePoint> changes(String kind, String namespace, String name, int limit) {
        var points = new java.util.ArrayList<>(jdbc.sql("""
                SELECT recorded_at, score, below_minimum, failing FROM trust_score_changes
                WHERE namespace = ? AND name = ? AND kind = ? ORDER BY recorded_at DESC, id DESC LIMIT ?""")
                .params(namespace, name, kind, limit)
                .query((rs, row) -> new ScorePoint(rs.getTimestamp(1).toInstant(),
                        rs.getObject(2) == null ? null : rs.getDouble(2), rs.getBoolean(3), rs.getString(4)))
                .list());
        java.util.Collections.reverse(points);
        return points;
    }

    long snapshotsOf(String kind, String namespace, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM trust_daily_snapshots WHERE kind = ? AND namespace = ? AND name = ?")
                .params(kind, namespace, name).query(Long.class).single();
    }
}
