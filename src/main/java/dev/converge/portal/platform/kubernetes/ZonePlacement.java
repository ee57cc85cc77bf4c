package dev.converge.portal.platform.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;

/**
 * Where a workload's pods may run, shared by every feature that runs pods (deployments, RAG runtimes): {@code any}
 * zone, one {@code single} zone, or spread evenly over {@code multi} zones, by the nodes' zone label.
 */
public final class ZonePlacement {

    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    public static final String ANY = "any";
    public static final String SINGLE = "single";
    public static final String MULTI = "multi";
    public static final List<String> STRATEGIES = List.of(ANY, SINGLE, MULTI);

    private ZonePlacement() {
    }

    /** Adds node affinity (and for {@code multi} a spread constraint over {@code podLabels}) to a pod spec. */
    public static void apply(PodSpecBuilder podSpec, String strategy, List<String> zones,
                             Map<String, String> podLabels) {
        if (strategy == null || ANY.equals(strategy) || zones == null || zones.isEmpty()) {
            return;
        }
        podSpec.withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey(ZONE_LABEL).withOperator("In").withValues(zones)
                .endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity();
        if (MULTI.equals(strategy)) {
            podSpec.withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                    .withMaxSkew(1).withTopologyKey(ZONE_LABEL).withWhenUnsatisfiable("DoNotSchedule")
                    .withNewLabelSelector().withMatchLabels(podLabels).endLabelSelector()
                    .build());
        }
    }
}
