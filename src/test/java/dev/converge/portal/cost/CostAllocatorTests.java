package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A crafted cluster allocated by the OpenCost rule (cost = max(request, usage) × rate; idle = unused request × rate),
 * each figure computed by hand here.
 */
class CostAllocatorTests {

    private static final double CPU = 0.031611;
    private static final double GIB = 0.004237;

    private final SyntheticCluster cluster = new SyntheticCluster()
            .node("a-1", "zone-a", null)
            .node("b-gpu", "zone-b", "nvidia-a100-80gb")
            // requests 2 cores / 4 GiB, uses 0.5 cores / 1 GiB: idle 1.5 cores and 3 GiB
            .pod("vision", "resnet", "resnet-1", "a-1", "2", "4Gi", 0, 500, 1024)
            // uses more than it requests: 1.5 cores of 1, 3 GiB of 2: costs the usage, no idle
            .pod("vision", "resnet", "resnet-2", "a-1", "1", "2Gi", 0, 1500, 3072)
            // a GPU pod in zone-b (CPU 0.025, memory 0.004, A100 3.0): 4 cores / 16 GiB, uses 4 / 8 GiB
            .pod("language", "llama", "llama-1", "b-gpu", "4", "16Gi", 1, 4000, 8192);

    @Test
    void eachPodCostsTheMoreOfRequestAndUsageAndItsUnusedRequestIsIdle() {
        var run = CostAllocator.allocate(cluster.read(), CostFixtures.zoned());
        var resnet = 2 * CPU + 4 * GIB + 1.5 * CPU + 3 * GIB;           // 0.1106385 + 0.0 GPU
        var resnetIdle = 1.5 * CPU + 3 * GIB;                            // 0.0601275
        var llama = 4 * 0.025 + 16 * 0.004 + 3.0;                        // 3.164
        var llamaIdle = 8 * 0.004;                                       // 0.032
        assertThat(run.total().hourly()).isCloseTo(resnet + llama, within(0.0001));
        assertThat(run.total().idleHourly()).isCloseTo(resnetIdle + llamaIdle, within(0.0001));
        assertThat(run.total().monthly()).isCloseTo((resnet + llama) * 730, within(0.01));
        assertThat(run.total().gpu()).isEqualTo(3.0);
        assertThat(run.total().pods()).isEqualTo(3);
    }

    @Test
    void groupsAddUpByTeamNamespaceDeploymentZoneAndGpuTypeHighestFirst() {
        var run = CostAllocator.allocate(cluster.read(), CostFixtures.zoned());
        assertThat(run.by(GroupBy.DEPLOYMENT)).extracting(CostGroup::key).containsExactly("language/llama",
                "vision/resnet");
        assertThat(run.by(GroupBy.ZONE)).extracting(CostGroup::key).containsExactly("zone-b", "zone-a");
        assertThat(run.by(GroupBy.GPU_TYPE)).extracting(CostGroup::key).containsExactly("nvidia-a100-80gb", "");
        assertThat(run.by(GroupBy.TEAM)).extracting(CostGroup::key).containsExactly("language", "vision");
        var vision = run.by(GroupBy.NAMESPACE).get(1);
        assertThat(vision.key()).isEqualTo("vision");
        assertThat(vision.pods()).isEqualTo(2);
        assertThat(vision.cpu()).isCloseTo(3.5 * CPU, within(0.0001));
        assertThat(vision.memory()).isCloseTo(7 * GIB, within(0.0001));
        assertThat(vision.idleHourly()).isCloseTo(1.5 * CPU + 3 * GIB, within(0.0001));
        assertThat(run.by(GroupBy.ZONE).stream().mapToDouble(CostGroup::hourly).sum())
                .isCloseTo(run.total().hourly(), within(0.0002));
    }

    @Test
    void ragRuntimePodsAddUpByTheirRagModelAndEveryOtherPodIsInTheEmptyGroup() {
        var withRag = new SyntheticCluster()
                .node("a-1", "zone-a", null)
                .node("b-1", "zone-b", null)
                // vision/docs-qa: two runtime pods in zone-a, 1 core / 2 GiB each, using 0.25 core / 1 GiB
                .ragPod("vision", "docs-qa", "rag-docs-qa-1", "a-1", "1", "2Gi", 250, 1024)
                .ragPod("vision", "docs-qa", "rag-docs-qa-2", "a-1", "1", "2Gi", 250, 1024)
                // language/faq: one runtime pod in zone-b (CPU 0.025, memory 0.004), 2 cores / 4 GiB, all used
                .ragPod("language", "faq", "rag-faq-1", "b-1", "2", "4Gi", 2000, 4096)
                // a model deployment: no RAG model
                .pod("vision", "resnet", "resnet-1", "a-1", "2", "4Gi", 0, 2000, 4096);
        var run = CostAllocator.allocate(withRag.read(), CostFixtures.zoned());

        var docsQa = 2 * (1 * CPU + 2 * GIB);                              // 0.080174
        var docsQaIdle = 2 * (0.75 * CPU + 1 * GIB);                       // 0.0558905
        var faq = 2 * 0.025 + 4 * 0.004;                                   // 0.066
        var resnet = 2 * CPU + 4 * GIB;                                    // 0.08017
        var groups = run.by(GroupBy.RAG_MODEL);
        assertThat(groups).extracting(CostGroup::key).containsExactly("", "vision/docs-qa", "language/faq");
        assertThat(groups.get(0).hourly()).isCloseTo(resnet, within(0.0001));
        assertThat(groups.get(0).pods()).isEqualTo(1);
        assertThat(groups.get(1).hourly()).isCloseTo(docsQa, within(0.0001));
        assertThat(groups.get(1).idleHourly()).isCloseTo(docsQaIdle, within(0.0001));
        assertThat(groups.get(1).monthly()).isCloseTo(docsQa * 730, within(0.01));
        assertThat(groups.get(1).pods()).isEqualTo(2);
        assertThat(groups.get(2).hourly()).isCloseTo(faq, within(0.0001));
        assertThat(groups.get(2).idleHourly()).isZero();
        assertThat(GroupBy.parse("ragModel")).contains(GroupBy.RAG_MODEL);
    }

    @Test
    void aPodOnASpotNodePaysItsZonesSpotRatesIdleIncluded() {
        var withSpot = new SyntheticCluster()
                .node("a-1", "zone-a", null)
                .spotNode("a-spot", "zone-a")
                .spotNode("b-spot", "zone-b")
                // the same pod on demand and on spot in zone-a (defaults, spot 60 % off): 2 cores / 4 GiB requested,
                // 0.5 cores / 6 GiB used
                .pod("vision", "resnet", "resnet-1", "a-1", "2", "4Gi", 0, 500, 6144)
                .pod("vision", "resnet", "resnet-2", "a-spot", "2", "4Gi", 0, 500, 6144)
                // on spot in zone-b (CPU 0.025, memory 0.004, spot 50 % off): 1 core / 2 GiB, all used
                .pod("language", "llama", "llama-1", "b-spot", "1", "2Gi", 0, 1000, 2048);
        var readings = withSpot.read();
        assertThat(readings).extracting(PodReading::spot).containsExactly(false, true, true);

        var run = CostAllocator.allocate(readings, CostFixtures.zoned());
        // on demand: 2 × 0.031611 + 6 × 0.004237 = 0.063222 + 0.025422 = 0.088644; idle 1.5 × 0.031611 = 0.0474165
        // on spot in zone-a: 0.4 × 0.088644 = 0.0354576; idle 0.4 × 0.0474165 = 0.0189666
        // on spot in zone-b: 0.5 × (1 × 0.025 + 2 × 0.004) = 0.5 × 0.033 = 0.0165; idle 0
        // (groups show hourly amounts to 4 decimals)
        assertThat(run.total().hourly()).isCloseTo(0.088644 + 0.0354576 + 0.0165, within(0.00005)); // 0.1406016
        assertThat(run.total().idleHourly()).isCloseTo(0.0474165 + 0.0189666, within(0.00005));     // 0.0663831
        assertThat(run.total().cpu()).isCloseTo(0.063222 + 0.4 * 0.063222 + 0.5 * 0.025, within(0.00005));
        assertThat(run.total().memory()).isCloseTo(0.025422 + 0.4 * 0.025422 + 0.5 * 0.008, within(0.00005));
        assertThat(run.total().monthly()).isCloseTo(0.1406016 * 730, within(0.01));                 // 102.64
        var resnet = run.by(GroupBy.DEPLOYMENT).get(0);
        assertThat(resnet.key()).isEqualTo("vision/resnet");
        assertThat(resnet.hourly()).isCloseTo(0.1241016, within(0.00005));
        assertThat(resnet.idleHourly()).isCloseTo(0.0663831, within(0.00005));
        assertThat(run.by(GroupBy.ZONE)).extracting(CostGroup::key).containsExactly("zone-a", "zone-b");
        assertThat(run.by(GroupBy.ZONE).get(1).hourly()).isCloseTo(0.0165, within(0.00005));
    }

    @Test
    void aGpuPodOnASpotNodePaysTheSpotShareOfItsGpuToo() {
        var gpuOnSpot = new SyntheticCluster()
                .node("b-gpu-spot", "zone-b", "nvidia-a100-80gb", true)
                // 4 cores / 16 GiB + 1 A100, all used, zone-b spot 50 % off: 0.5 × (0.1 + 0.064 + 3.0) = 1.582
                .pod("language", "llama", "llama-1", "b-gpu-spot", "4", "16Gi", 1, 4000, 16384);
        var run = CostAllocator.allocate(gpuOnSpot.read(), CostFixtures.zoned());
        assertThat(run.total().gpu()).isCloseTo(1.5, within(0.00005));
        assertThat(run.total().hourly()).isCloseTo(1.582, within(0.00005));
        assertThat(run.by(GroupBy.GPU_TYPE).get(0).key()).isEqualTo("nvidia-a100-80gb");
    }

    @Test
    void withoutUsageTheRequestIsTheCostAndNothingIsIdle() {
        var noUsage = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision", "resnet", "r", "a-1", "4", "16Gi", 0, 0, 0);
        var readings = dev.converge.portal.cost.ClusterReader.read(noUsage.pods, noUsage.nodes,
                dev.converge.portal.platform.kubernetes.PodUsage.Reading.NONE, ns -> ns, SyntheticCluster::isSpotNode);
        var run = CostAllocator.allocate(readings, CostFixtures.defaults());
        assertThat(run.total().hourly()).isCloseTo(4 * CPU + 16 * GIB, within(0.0001)); // 0.194236
        assertThat(run.total().idleHourly()).isZero();
    }

    @Test
    void finishedAndUnscheduledPodsCostNothing() {
        var c = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision", "resnet", "done", "a-1", "4", "16Gi", 0, 0, 0)
                .pod("vision", "resnet", "waiting", null, "4", "16Gi", 0, 0, 0);
        c.pods.get(0).getStatus().setPhase("Succeeded");
        assertThat(c.read()).isEmpty();
    }
}
