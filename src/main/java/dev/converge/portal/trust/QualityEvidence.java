package dev.converge.portal.trust;

import java.util.Optional;

/**
 * The quality signal's evidence. The MLflow feature implements it (the latest run tagged
 * {@code converge.dev/deployment=<namespace>/<name>}); the RAG feature implements it for {@code rag} subjects
 * (indexing complete, failed documents as problems). Without any bean the signal is not applicable, and says so.
 */
public interface QualityEvidence {

    /** Whether this source answers for the subject (e.g. its kind). */
    boolean covers(TrustSubject subject);

    /** The latest linked evidence; empty when nothing is linked to the subject yet. */
    Optional<QualityReport> report(TrustSubject subject);
}
