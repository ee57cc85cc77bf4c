package dev.converge.portal.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audit trail of every mutation. Features call {@link #record}; admins read it on the Audit page. Audit entries
 * outlive the objects they name.
 */
@Service
public class AuditLog {

    /* Column widths of audit_events: a value that would not fit is shortened, so recording never fails on it. */
    private static final int MAX_ACTOR = 253;
    private static final int MAX_ACTION = 100;
    private static final int MAX_TARGET = 512;
    private static final int MAX_DETAIL = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records one event. Actor, target and detail can come from what a user typed (a 10 KB name, say): they are
     * shortened to their column, marked with "…", rather than failing the request being audited.
     */
    public void record(String actor, String action, String target, AuditOutcome outcome, String detail) {
        jdbc.sql("""
                INSERT INTO audit_events (occurred_at, actor, action, target, outcome, detail)
                VALUES (:at, :actor, :action, :target, :outcome, :detail)""")
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", truncate(actor, MAX_ACTOR))
                .param("action", truncate(action, MAX_ACTION))
                .param("target", truncate(target, MAX_TARGET))
                .param("outcome", outcome.name())
                .param("detail", truncate(detail, MAX_DETAIL))
                .update();
    }

    /** Newest first, filtered by any of actor, action and outcome (null means any). */
    public List<AuditEvent> search(AuditQuery query) {
        var params = new ArrayList<Object>();
        var sql = new StringBuilder("SELECT * FROM audit_events").append(where(query, params));
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(query.size());
        params.add((long) query.page() * query.size());
        return jdbc.sql(sql.toString()).params(params).query((rs, row) -> new AuditEvent(
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                AuditOutcome.valueOf(rs.getString("outcome")),
                rs.getString("detail"))).list();
    }

    public long count(AuditQuery query) {
        var params = new ArrayList<Object>();
        var sql = "SELECT COUNT(*) FROM audit_events" + where(query, params);
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static String where(AuditQuery query, List<Object> params) {
        var where = new StringBuilder(" WHERE 1 = 1");
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            params.add(query.actor());
        }
        if (query.action() != null) {
            where.append(" AND action LIKE ?");
            params.add(query.action() + "%");
        }
        if (query.outcome() != null) {
            where.append(" AND outcome = ?");
            params.add(query.outcome().name());
        }
        return where.toString();
    }

    private static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max - 1) + "…";
    }
}
