package dev.converge.portal.trust;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Provenance chains as first established (V12): build retention deletes build pods, and with the pod the evidence
 * that the image came from a verified build of a recorded artifact. A chain is stored once per namespace and image
 * (an image pinned by digest never changes), and read back when its build is gone.
 */
@Repository
class ProvenanceRecords {

    /** What the table's columns hold at most; a longer image reference is not stored (and stays read-only). */
    static final int MAX_IMAGE = 600;
    static final int MAX_KEY = 1024;

    /** A verified chain: artifact (key, recorded SHA-256) → build (name, verified SHA-256) → image → subject. */
    record Chain(String namespace, String image, String artifactKey, String artifactSha256, String buildName,
                 String buildSha256, String subjectKind, String subjectName, Instant establishedAt) {
    }

    private final JdbcClient jdbc;

    ProvenanceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the chain unless one is stored for the image already (the first established wins). */
    void store(Chain chain) {
        if (chain.image().length() > MAX_IMAGE || chain.artifactKey().length() > MAX_KEY || find(chain.namespace(),
                chain.image()).isPresent()) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO trust_provenance (namespace, image, artifact_key, artifact_sha256, build_name,
                        build_sha256, subject_kind, subject_name, established_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(chain.namespace(), chain.image(), chain.artifactKey(), chain.artifactSha256(),
                            chain.buildName(), chain.buildSha256(), chain.subjectKind(), chain.subjectName(),
                            Timestamp.from(chain.establishedAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            // another node (or an earlier recomputation) stored it first: the same chain
        }
    }

    Optional<Chain> find(String namespace, String image) {
        if (image == null || image.length() > MAX_IMAGE) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT namespace, image, artifact_key, artifact_sha256, build_name, build_sha256, subject_kind,
                    subject_name, established_at FROM trust_provenance WHERE namespace = ? AND image = ?""")
                .params(namespace, image)
                .query((rs, row) -> new Chain(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .optional();
    }
}
