package dev.converge.portal.trust;

import java.util.List;
import java.util.Optional;

/**
 * A source of scorecard subjects of one kind: {@code deployment}s ({@link DeploymentSubjects}) and the RAG feature's
 * {@code rag} models ({@code rag.RagTrustSubjects}, whose listener calls {@link TrustBoard#recompute} when one
 * changes). Reads come from caches: they run on every recomputation.
 */
public interface TrustSubjects {

    /** {@code deployment} or {@code rag}. */
    String kind();

    /** Every subject of the kind in the namespace. */
    List<TrustSubject> in(String namespace);

    Optional<TrustSubject> find(String namespace, String name);
}
