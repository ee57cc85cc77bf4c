package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.WorkingHours;
import org.junit.jupiter.api.Test;

/** Recommendations on crafted usage, with savings computed by hand at the catalog's rates. */
class RecommenderTests {

    private static final double CPU = 0.031611;
    private static final double GIB = 0.004237;

    private final PricingCatalog catalog = CostFixtures.zoned();

    private static List<UsageSample> samples(String namespace, String deployment, int pods, long cpuMillis,
                                             long memoryMi, int count) {
        var list = new ArrayList<UsageSample>();
        for (int i = 0; i < count; i++) {
            list.add(new UsageSample(namespace, deployment, Instant.EPOCH.plusSeconds(300L * i), pods, cpuMillis,
                    memoryMi * 1024 * 1024));
        }
        return list;
    }

    private Recommender recommender(Map<String, Integer> room, String development) {
        var properties = CostFixtures.properties(Map.of(
                "zone-a", new CostProperties.ZoneRates(null, null, null, null, new BigDecimal("0.6")),
                "zone-b", new CostProperties.ZoneRates(new BigDecimal("0.025"), new BigDecimal("0.004"), null, null,
                        new BigDecimal("0.5"))), Map.of("nvidia-a100-80gb", new BigDecimal("3.0")));
        properties = new CostProperties(properties.currency(), 730, properties.rates(), properties.gpuTypes(),
                properties.zones(), properties.sampleInterval(), properties.observedWindow(),
                properties.snapshotInterval(), ".*prod.*", development);
        return new Recommender(catalog, CostFixtures.capacity(room), properties, WorkingHours.defaults());
    }

    @Test
    void aRequestFarAboveTheP95IsRightSizedWithHeadroom() {
        // 3 pods requesting 2 cores / 8 GiB, using 300m / 1 GiB: suggest ceil(0.3 × 1.25 / 0.05) × 50m = 400m and
        // ceil(1024 × 1.25 / 64) × 64 = 1280Mi
        var pods = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision-prod", "resnet", "r1", "a-1", "2", "8Gi", 0, 300, 1024)
                .pod("vision-prod", "resnet", "r2", "a-1", "2", "8Gi", 0, 300, 1024)
                .pod("vision-prod", "resnet", "r3", "a-1", "2", "8Gi", 0, 300, 1024).read();
        var advice = recommender(Map.of("zone-a", 100), "none").recommend(pods,
                Map.of("vision-prod/resnet", samples("vision-prod", "resnet", 3, 300, 1024, 10)), key -> 3);
        var cpu = advice.stream().filter(r -> r.kind() == Recommendation.Kind.RIGHT_SIZE_CPU).findFirst().orElseThrow();
        assertThat(cpu.suggested()).isEqualTo("400m");
        assertThat(cpu.monthlySaving()).isCloseTo((2 - 0.4) * CPU * 3 * 730, within(0.01)); // 110.76
        assertThat(cpu.action()).isEqualTo("/deployments/vision-prod/resnet/edit?cpu=400m");
        var memory = advice.stream().filter(r -> r.kind() == Recommendation.Kind.RIGHT_SIZE_MEMORY).findFirst()
                .orElseThrow();
        assertThat(memory.current()).isEqualTo("8192Mi");
        assertThat(memory.suggested()).isEqualTo("1280Mi");
        assertThat(memory.monthlySaving()).isCloseTo((8 - 1.25) * GIB * 3 * 730, within(0.01));
        // total CPU p95 0.9 cores / (2 × 0.8) → 1 replica needed of 3
        var replicas = advice.stream().filter(r -> r.kind() == Recommendation.Kind.OVER_REPLICATION).findFirst()
                .orElseThrow();
        assertThat(replicas.suggested()).isEqualTo("1");
        assertThat(replicas.monthlySaving()).isCloseTo(2 * (2 * CPU + 8 * GIB) * 730, within(0.01));
        // a production namespace is not advised to use spot; zone-b is cheaper and has room
        assertThat(advice).extracting(Recommendation::kind).doesNotContain(Recommendation.Kind.SPOT);
        assertThat(advice).extracting(Recommendation::kind).doesNotContain(Recommendation.Kind.CHEAPER_ZONE);
        assertThat(advice).isSortedAccordingTo((a, b) -> Double.compare(b.monthlySaving(), a.monthlySaving()));
    }

    @Test
    void aGpuBesideANearIdlePodIsReported() {
        var pods = new SyntheticCluster().node("b-gpu", "zone-b", "nvidia-a100-80gb")
                .pod("vision-prod", "llm", "l1", "b-gpu", "4", "16Gi", 1, 20, 15000).read();
        var advice = recommender(Map.of("zone-b", 5), "none").recommend(pods,
                Map.of("vision-prod/llm", samples("vision-prod", "llm", 1, 20, 15000, 5)), key -> 1);
        var gpu = advice.stream().filter(r -> r.kind() == Recommendation.Kind.IDLE_GPU).findFirst().orElseThrow();
        assertThat(gpu.monthlySaving()).isCloseTo(3.0 * 730, within(0.01));
        assertThat(gpu.action()).isEqualTo("/deployments/vision-prod/llm/edit?gpu=0");
    }

    @Test
    void aDeploymentOnSpotOrWithinWorkingHoursAlreadyIsNotAdvisedSoAgain() {
        var pods = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision-dev", "resnet", "r1", "a-1", "2", "8Gi", 0, 1800, 7000).read();
        var recommender = recommender(Map.of("zone-a", 10), ".*-dev");
        assertThat(recommender.advise(pods, Map.of(), key -> new Recommender.Managed(1, false, false)))
                .extracting(Recommendation::kind)
                .contains(Recommendation.Kind.SPOT, Recommendation.Kind.SCALE_TO_ZERO);
        assertThat(recommender.advise(pods, Map.of(), key -> new Recommender.Managed(1, true, true)))
                .extracting(Recommendation::kind)
                .doesNotContain(Recommendation.Kind.SPOT, Recommendation.Kind.SCALE_TO_ZERO);
    }

    @Test
    void aCheaperZoneWithRoomSpotOutsideProductionAndScaleToZeroInDevelopment() {
        // 2 pods of 2 cores / 8 GiB in zone-a: 0.097118 per pod-hour there, 0.082 in zone-b
        var pods = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision-dev", "resnet", "r1", "a-1", "2", "8Gi", 0, 1800, 7000)
                .pod("vision-dev", "resnet", "r2", "a-1", "2", "8Gi", 0, 1800, 7000).read();
        var advice = recommender(Map.of("zone-a", 10, "zone-b", 2), ".*-dev").recommend(pods, Map.of(), key -> 2);
        var zone = advice.stream().filter(r -> r.kind() == Recommendation.Kind.CHEAPER_ZONE).findFirst().orElseThrow();
        assertThat(zone.suggested()).isEqualTo("zone-b");
        assertThat(zone.monthlySaving()).isCloseTo((0.097118 - 0.082) * 2 * 730, within(0.01)); // 22.07
        assertThat(zone.action()).isEqualTo("/deployments/vision-dev/resnet/edit?zone=zone-b");
        var spot = advice.stream().filter(r -> r.kind() == Recommendation.Kind.SPOT).findFirst().orElseThrow();
        assertThat(spot.monthlySaving()).isCloseTo(0.097118 * 0.6 * 2 * 730, within(0.01));
        // the deployment's edit form, prefilled with the change
        assertThat(spot.action()).isEqualTo("/deployments/vision-dev/resnet/edit?capacity=spot");
        var idle = advice.stream().filter(r -> r.kind() == Recommendation.Kind.SCALE_TO_ZERO).findFirst()
                .orElseThrow();
        // working hours Mon–Fri 08:00–18:00: 50 of 168 hours a week
        assertThat(idle.monthlySaving()).isCloseTo(0.097118 * 2 * 730 * (1 - 50 / 168d), within(0.01));
        assertThat(idle.action()).isEqualTo("/deployments/vision-dev/resnet/edit?schedule=working-hours");
        assertThat(idle.suggested()).isEqualTo("Mon, Tue, Wed, Thu, Fri 08:00–18:00 UTC");
        // without samples there is no right-sizing advice
        assertThat(advice).extracting(Recommendation::kind).doesNotContain(Recommendation.Kind.RIGHT_SIZE_CPU,
                Recommendation.Kind.OVER_REPLICATION);
    }

    @Test
    void podsOnSpotNodesAreNotAdvisedSpotAndTheirSavingsAreAtTheSpotRates() {
        // 2 pods of 2 cores / 8 GiB on a spot node in zone-a (60 % off), using 300m / 1 GiB: each costs its request,
        // 0.4 × (2 × 0.031611 + 8 × 0.004237) = 0.4 × 0.097118 = 0.0388472 per hour
        var pods = new SyntheticCluster().spotNode("a-spot", "zone-a")
                .pod("vision-dev", "resnet", "r1", "a-spot", "2", "8Gi", 0, 300, 1024)
                .pod("vision-dev", "resnet", "r2", "a-spot", "2", "8Gi", 0, 300, 1024).read();
        // what the portal knows of the deployment is left unknown: the nodes alone say the pods are on spot
        var advice = recommender(Map.of("zone-a", 10), ".*-dev").recommend(pods,
                Map.of("vision-dev/resnet", samples("vision-dev", "resnet", 2, 300, 1024, 10)), key -> 2);

        assertThat(advice).extracting(Recommendation::kind).doesNotContain(Recommendation.Kind.SPOT);
        var cpu = advice.stream().filter(r -> r.kind() == Recommendation.Kind.RIGHT_SIZE_CPU).findFirst().orElseThrow();
        assertThat(cpu.monthlySaving()).isCloseTo((2 - 0.4) * CPU * 0.4 * 2 * 730, within(0.01));        // 29.54
        var memory = advice.stream().filter(r -> r.kind() == Recommendation.Kind.RIGHT_SIZE_MEMORY).findFirst()
                .orElseThrow();
        assertThat(memory.monthlySaving()).isCloseTo((8 - 1.25) * GIB * 0.4 * 2 * 730, within(0.01));   // 16.70
        // total CPU p95 0.6 cores / (2 × 0.8) → 1 replica of 2
        var replicas = advice.stream().filter(r -> r.kind() == Recommendation.Kind.OVER_REPLICATION).findFirst()
                .orElseThrow();
        assertThat(replicas.monthlySaving()).isCloseTo(0.0388472 * 730, within(0.01));                  // 28.36
        var idle = advice.stream().filter(r -> r.kind() == Recommendation.Kind.SCALE_TO_ZERO).findFirst()
                .orElseThrow();
        assertThat(idle.monthlySaving()).isCloseTo(2 * 0.0388472 * 730 * (1 - 50 / 168d), within(0.01)); // 39.84
    }

    @Test
    void spotIsAdvisedForThePodsStillOnDemandOnlyAndAZoneMoveKeepsEachPodsCapacity() {
        // one pod of 2 cores / 8 GiB on demand in zone-a (0.097118 per hour), one on a spot node there (60 % off:
        // 0.0388472): 0.1359652 per hour together
        var pods = new SyntheticCluster().node("a-1", "zone-a", null).spotNode("a-spot", "zone-a")
                .pod("vision-dev", "resnet", "r1", "a-1", "2", "8Gi", 0, 1800, 7000)
                .pod("vision-dev", "resnet", "r2", "a-spot", "2", "8Gi", 0, 1800, 7000).read();
        var advice = recommender(Map.of("zone-a", 10, "zone-b", 2), ".*-dev").recommend(pods, Map.of(), key -> 2);

        var spot = advice.stream().filter(r -> r.kind() == Recommendation.Kind.SPOT).findFirst().orElseThrow();
        assertThat(spot.monthlySaving()).isCloseTo(0.097118 * 0.6 * 730, within(0.01));                  // 42.54
        // in zone-b (CPU 0.025, memory 0.004, spot 50 % off): 0.082 on demand + 0.041 on spot = 0.123
        var zone = advice.stream().filter(r -> r.kind() == Recommendation.Kind.CHEAPER_ZONE).findFirst().orElseThrow();
        assertThat(zone.monthlySaving()).isCloseTo((0.1359652 - 0.123) * 730, within(0.01));             // 9.46
        var idle = advice.stream().filter(r -> r.kind() == Recommendation.Kind.SCALE_TO_ZERO).findFirst()
                .orElseThrow();
        assertThat(idle.monthlySaving()).isCloseTo(0.1359652 * 730 * (1 - 50 / 168d), within(0.01));     // 69.71
    }

    @Test
    void aWellSizedDeploymentGetsNoRightSizingAdvice() {
        var pods = new SyntheticCluster().node("a-1", "zone-a", null)
                .pod("vision-prod", "ok", "o1", "a-1", "1", "2Gi", 0, 800, 1800).read();
        var advice = recommender(Map.of("zone-a", 10), "none").recommend(pods,
                Map.of("vision-prod/ok", samples("vision-prod", "ok", 1, 800, 1800, 10)), key -> 1);
        assertThat(advice).isEmpty();
    }

    @Test
    void theP95IsTheNearestRank() {
        var values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(Recommender.p95(values)).isEqualTo(95);
        assertThat(Recommender.p95(new double[] {3, 1, 2})).isEqualTo(3);
    }
}
