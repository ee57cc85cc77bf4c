package dev.converge.portal.trust;

import java.util.Optional;

/**
 * The cost signal's evidence. The cost feature implements it ({@code cost.TrustCostEvidence}: a subject's run-rate
 * and its team's budget share) and calls {@link TrustBoard#recomputeNamespace} when a budget changes. Without a bean the signal is not
 * applicable, and says so.
 */
public interface CostEvidence {

    boolean covers(TrustSubject subject);

    /** Empty when the subject has no known run-rate or the team no budget. */
    Optional<CostReport> report(TrustSubject subject);
}
