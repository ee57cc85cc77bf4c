package dev.converge.portal.deployments;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last applied specs of each deployment (how many: {@code portal.deployments.revisions-kept}), in the portal's
 * database: Kubernetes keeps old ReplicaSets, but not who applied what, nor the Service and autoscaler settings.
 */
@Repository
class DeploymentRevisions {

    private static final int RECORD_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final int kept;

    DeploymentRevisions(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock,
                        DeploymentSettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.kept = settings.revisionsKept();
    }

    /**
     * Stores the spec as the next revision. Writers of one deployment take turns on its counter row, so each gets
     * its own number and none is handed out twice. Of two first writers (no counter row yet) the primary key refuses
     * one, which tries again in a new transaction (PostgreSQL ends a transaction at a refused insert).
     */
    DeploymentRevision record(DeploymentSpec spec, String resourceVersion, String appliedBy, String action) {
        var at = clock.instant();
        var stored = spec.withoutVersion();
        var text = json.writeValueAsString(stored);
        for (int attempt = 1; ; attempt++) {
            try {
                var next = transactions.execute(status -> {
                    int number = nextNumber(spec.namespace(), spec.name());
                    jdbc.sql("""
                            INSERT INTO deployment_revisions
                                (namespace, name, revision, spec, resource_version, applied_by, applied_at, action)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                            .params(spec.namespace(), spec.name(), number, text, resourceVersion, appliedBy,
                                    Timestamp.from(at), action)
                            .update();
                    jdbc.sql("DELETE FROM deployment_revisions WHERE namespace = ? AND name = ? AND revision <= ?")
                            .params(spec.namespace(), spec.name(), number - kept).update();
                    return number;
                });
                return new DeploymentRevision(next, stored, resourceVersion, appliedBy, at, action);
            } catch (DuplicateKeyException firstRevisionTaken) {
                if (attempt == RECORD_ATTEMPTS) {
                    throw firstRevisionTaken;
                }
            }
        }
    }

    /** Takes the deployment's counter row (waiting for another writer's turn) and counts one up. */
    private int nextNumber(String namespace, String name) {
        int updated = jdbc.sql("UPDATE deployment_revision_counters SET last_revision = last_revision + 1"
                        + " WHERE namespace = ? AND name = ?")
                .params(namespace, name).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO deployment_revision_counters (namespace, name, last_revision) VALUES (?, ?, 1)")
                    .params(namespace, name).update();
            return 1;
        }
        return jdbc.sql("SELECT last_revision FROM deployment_revision_counters WHERE namespace = ? AND name = ?")
                .params(namespace, name).query(Integer.class).single();
    }

    /** Newest first. */
    List<DeploymentRevision> list(String namespace, String name) {
        return jdbc.sql("SELECT * FROM deployment_revisions WHERE namespace = ? AND name = ? ORDER BY revision DESC")
                .params(namespace, name)
                .query((rs, row) -> new DeploymentRevision(rs.getInt("revision"),
                        json.readValue(rs.getString("spec"), DeploymentSpec.class), rs.getString("resource_version"),
                        rs.getString("applied_by"), rs.getTimestamp("applied_at").toInstant(), rs.getString("action")))
                .list();
    }

    /**
     * The revision a client that read the deployment at {@code resourceVersion} was looking at: the newest one
     * written at or before that version. Resource versions are opaque to clients in general, but the API servers
     * the portal talks to (etcd-backed, and the sandbox) hand out increasing numbers, which is all this needs.
     */
    Optional<DeploymentRevision> seenAt(String namespace, String name, String resourceVersion) {
        var seen = number(resourceVersion);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        return list(namespace, name).stream()
                .filter(revision -> number(revision.resourceVersion()).filter(at -> at <= seen.get()).isPresent())
                .findFirst();
    }

    void forget(String namespace, String name) {
        jdbc.sql("DELETE FROM deployment_revisions WHERE namespace = ? AND name = ?").params(namespace, name).update();
        jdbc.sql("DELETE FROM deployment_revision_counters WHERE namespace = ? AND name = ?")
                .params(namespace, name).update();
    }

    private static Optional<Long> number(String resourceVersion) {
        try {
            return resourceVersion == null ? Optional.empty() : Optional.of(Long.parseLong(resourceVersion));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
