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

    DeploymentRevision record(DeploymentSpec spec, String resourceVersion, String appliedBy, String action) {
        var at = clock.instant();
        var stored = spec.withoutVersion();
        var text = json.writeValueAsString(stored);
        for (int attempt = 1; ; attempt++) {
            try {
                var next = transactions.execute(status -> {
                    jdbc.sql("SELECT revision FROM deployment_revisions WHERE namespace = ? AND name = ? FOR UPDATE")
                            .params(spec.namespace(), spec.name()).query(Integer.class).list();
                    int number = jdbc.sql("SELECT COALESCE(MAX(revision), 0) + 1 FROM deployment_revisions"
                                    + " WHERE namespace = ? AND name = ?")
                            .params(spec.namespace(), spec.name()).query(Integer.class).single();
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
    }

    private static Optional<Long> number(String resourceVersion) {
        try {
            return resourceVersion == null ? Optional.empty() : Optional.of(Long.parseLong(resourceVersion));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
