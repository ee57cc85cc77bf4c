package dev.converge.portal.rag;

import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.springframework.stereotype.Component;

/**
 * The RAG reconciler as a component of {@code /readiness} and of the architecture page's badges. It never makes the
 * portal unready: a cluster without the RagModel definition, or a replica that stands by while another leads, is
 * a normal state, said in words.
 */
@Component
class RagReconcilerReadinessCheck implements ReadinessCheck {

    private final RagReconciler reconciler;
    private final RagCrdPresence crd;

    RagReconcilerReadinessCheck(RagReconciler reconciler, RagCrdPresence crd) {
        this.reconciler = reconciler;
        this.crd = crd;
    }

    @Override
    public String component() {
        return "ragReconciler";
    }

    @Override
    public ComponentHealth check() {
        if (!crd.installed()) {
            return ComponentHealth.up("RagModel definition not installed: RAG models are off", Map.of());
        }
        return reconciler.reconciling()
                ? ComponentHealth.up("Reconciling RAG models (this replica leads)", Map.of("leader", true))
                : ComponentHealth.up("Standing by: another replica reconciles", Map.of("leader", false));
    }
}
