package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.converge.portal.shared.health.HealthState;
import org.junit.jupiter.api.Test;

class RagReconcilerReadinessCheckTests {

    private final RagReconciler reconciler = mock(RagReconciler.class);
    private final RagCrdPresence crd = mock(RagCrdPresence.class);
    private final RagReconcilerReadinessCheck check = new RagReconcilerReadinessCheck(reconciler, crd);

    @Test
    void saysWhetherThisReplicaReconcilesAndNeverMakesThePortalUnready() {
        when(crd.installed()).thenReturn(true);
        when(reconciler.reconciling()).thenReturn(true);
        assertThat(check.check().summary()).isEqualTo("Reconciling RAG models (this replica leads)");

        when(reconciler.reconciling()).thenReturn(false);
        assertThat(check.check().summary()).isEqualTo("Standing by: another replica reconciles");
        assertThat(check.check().state()).isEqualTo(HealthState.UP);

        when(crd.installed()).thenReturn(false);
        assertThat(check.check().summary()).contains("not installed");
        assertThat(check.check().state()).isEqualTo(HealthState.UP);
    }
}
