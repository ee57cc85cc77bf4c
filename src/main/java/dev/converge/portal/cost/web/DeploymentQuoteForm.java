package dev.converge.portal.cost.web;

import java.util.List;

import dev.converge.portal.cost.EstimateRequest;

/**
 * The fields of the deployment form that change its cost, as that form posts them (its own names), for the live
 * quote beside it. Text throughout: a half-typed field gives no quote rather than a binding error.
 */
public record DeploymentQuoteForm(String namespace, String cpu, String memory, String gpu, String gpuType,
                                  String replicas, String strategy, List<String> zones, String autoscaling,
                                  String minReplicas, String maxReplicas) {

    EstimateRequest toRequest() {
        boolean scaled = "true".equals(autoscaling) || "on".equals(autoscaling);
        var chosen = "single".equals(strategy) || "multi".equals(strategy) ? zones : List.<String>of();
        var gpus = EstimateForm.whole(gpu, 0);
        return new EstimateRequest(namespace, cpu, memory, null, gpus,
                gpus != null && gpus > 0 && !EstimateForm.blank(gpuType) ? gpuType : null,
                scaled ? null : EstimateForm.whole(replicas, 1), chosen, EstimateRequest.ANY, 24d, 7d,
                false, scaled ? new EstimateRequest.Autoscaling(EstimateForm.whole(minReplicas, 1),
                EstimateForm.whole(maxReplicas, null), null) : null);
    }
}
