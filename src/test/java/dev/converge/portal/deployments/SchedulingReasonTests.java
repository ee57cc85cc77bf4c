package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Why the scheduler cannot place a deployment's pods, in the units the user wrote the spec in. */
class SchedulingReasonTests {

    private static final long GI = 1024L * 1024 * 1024;

    @Test
    void gpusTheUserAskedForAgainstTheMostAnyNodeHasFree() {
        var spec = spec("1", "8Gi", 8, "nvidia-a100-80gb", DeploymentSpec.Placement.any());

        assertThat(SchedulingReason.words("0/12 nodes are available: 4 Insufficient nvidia.com/gpu.", spec,
                new ResourceAmounts(32_000, 256 * GI, 4)))
                .isEqualTo("No zone has a node with 8 free nvidia-a100-80gb GPUs (the largest has 4).");
    }

    @Test
    void memoryInTheUnitsOfTheSpecNotInMebibytes() {
        var spec = spec("2", "10Ti", 0, null, new DeploymentSpec.Placement("single", List.of("zone-b")));

        var words = SchedulingReason.words("0/12 nodes are available: 12 Insufficient memory.", spec,
                new ResourceAmounts(32_000, 512 * GI, 0));

        assertThat(words).isEqualTo("No node in zone-b has 10Ti of memory free (the largest has 512Gi).");
        assertThat(words).doesNotContain("MiB");
    }

    @Test
    void severalShortfallsInOneSentenceAndCpuAsWritten() {
        var spec = spec("64", "10Ti", 0, null, new DeploymentSpec.Placement("multi", List.of("zone-a", "zone-b")));

        assertThat(SchedulingReason.words("0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory.",
                spec, new ResourceAmounts(7_500, 1536 * GI, 0)))
                .isEqualTo("No node in zone-a or zone-b has 64 CPUs free (the largest has 7500m)"
                        + " and 10Ti of memory free (the largest has 1.5Ti).");
    }

    @Test
    void otherReasonsInPlainWords() {
        var spec = spec("1", "1Gi", 0, null, new DeploymentSpec.Placement("single", List.of("zone-c")));

        assertThat(SchedulingReason.words("0/3 nodes are available: 3 node(s) didn't match Pod's node "
                + "affinity/selector.", spec, ResourceAmounts.NONE))
                .isEqualTo("No node matches what the pod asks for (zone zone-c, GPU type).");
    }

    private static DeploymentSpec spec(String cpu, String memory, int gpus, String gpuType,
                                       DeploymentSpec.Placement placement) {
        return new DeploymentSpec("vision", "big", "registry.local/vision/big:1", null, 8080, "openai",
                new DeploymentSpec.Resources(cpu, memory, gpus, gpuType), 1, placement,
                DeploymentSpec.Autoscaling.OFF, Map.of(), null);
    }
}
