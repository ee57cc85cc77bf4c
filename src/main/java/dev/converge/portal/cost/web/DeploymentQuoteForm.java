package dev.converge.portal.cost.web;

import java.util.List;

import dev.converge.portal.cost.EstimateRequest;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.WorkingHours;

/**
 * The fields of the deployment form that change its cost, as that form posts them (its own names), for the live
 * quote beside it. Text throughout: a half-typed field gives no quote rather than a binding error. Spot capacity is
 * priced with each zone's spot discount; a working-hours schedule runs {@code hoursPerDay} on its days only.
 */
public record DeploymentQuoteForm(String namespace, String cpu, String memory, String gpu, String gpuType,
                                  String replicas, String strategy, List<String> zones, String autoscaling,
                                  String minReplicas, String maxReplicas, String capacity, String schedule) {

    public boolean spot() {
        return DeploymentSpec.SPOT.equals(capacity);
    }

    public boolean workingHoursOnly() {
        return DeploymentSpec.WORKING_HOURS.equals(schedule);
    }

    /** The share of the week the deployment runs: 1, or the working hours' share. */
    double shareOfWeek(WorkingHours hours) {
        return workingHoursOnly() ? hours.hoursPerWeek() / 168d : 1;
    }

    EstimateRequest toRequest(WorkingHours hours) {
        boolean scaled = "true".equals(autoscaling) || "on".equals(autoscaling);
        var chosen = "single".equals(strategy) || "multi".equals(strategy) ? zones : List.<String>of();
        var gpus = EstimateForm.whole(gpu, 0);
        return new EstimateRequest(namespace, cpu, memory, null, gpus,
                gpus != null && gpus > 0 && !EstimateForm.blank(gpuType) ? gpuType : null,
                scaled ? null : EstimateForm.whole(replicas, 1), chosen, EstimateRequest.ANY,
                workingHoursOnly() ? hours.hoursPerDay() : 24d, workingHoursOnly() ? hours.days().size() : 7d,
                spot(), scaled ? new EstimateRequest.Autoscaling(EstimateForm.whole(minReplicas, 1),
                EstimateForm.whole(maxReplicas, null), null) : null);
    }
}
