package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Quotes computed by hand from OpenCost's defaults (vCPU 0.031611, GiB 0.004237, GPU 0.95 per hour, 730 h). */
class EstimatorTests {

    private final Estimator defaults = new Estimator(CostFixtures.defaults(),
            CostFixtures.capacity(Map.of("zone-a", 10, "zone-b", 10), "nvidia-l4"));
    private final Estimator zoned = new Estimator(CostFixtures.zoned(),
            CostFixtures.capacity(Map.of("zone-a", 10, "zone-b", 2), "nvidia-a100-80gb"));

    private static EstimateRequest pod(String cpu, String memory, int gpu, String gpuType) {
        return new EstimateRequest(null, cpu, memory, null, gpu, gpuType, null, null, null, null, null, null, null);
    }

    @Test
    void fourCoresSixteenGibAndOneGpuAtTheDefaultsCost1144PerHourAnd83512PerMonth() {
        // 4 × 0.031611 + 16 × 0.004237 + 1 × 0.95 = 0.126444 + 0.067792 + 0.95 = 1.144236 → 1.144; × 730 = 835.12
        var estimate = defaults.estimate(pod("4", "16Gi", 1, "nvidia-l4"));
        assertThat(estimate.hourly()).isEqualByComparingTo("1.144");
        assertThat(estimate.monthly()).isEqualByComparingTo("835.12");
        assertThat(estimate.daily()).isEqualByComparingTo("27.46"); // 1.144 × 24 = 27.456
        assertThat(estimate.currency()).isEqualTo("USD");
        assertThat(estimate.breakdown().cpu()).isEqualByComparingTo("92.30"); // 0.126444 × 730 = 92.30412
        assertThat(estimate.breakdown().memory()).isEqualByComparingTo("49.49"); // 0.067792 × 730 = 49.48816
        assertThat(estimate.breakdown().gpu()).isEqualByComparingTo("693.50"); // 0.95 × 730
        assertThat(estimate.breakdown().storage()).isEqualByComparingTo("0.00");
        assertThat(estimate.range().min()).isEqualByComparingTo("835.12");
        assertThat(estimate.range().max()).isEqualByComparingTo("835.12");
    }

    @Test
    void millicoresAndStorageAreQuantitiesLikeInTheDeploymentSpec() {
        // 0.5 × 0.031611 + 0.5 × 0.004237 + 100 × 0.00005479452 = 0.0158055 + 0.0021185 + 0.005479452 = 0.023403
        var estimate = defaults.estimate(new EstimateRequest(null, "500m", "512Mi", "100Gi", 0, null, 1, null, null,
                null, null, null, null));
        assertThat(estimate.hourly()).isEqualByComparingTo("0.023");
        assertThat(estimate.monthly()).isEqualByComparingTo("16.79"); // 0.023 × 730
        assertThat(estimate.breakdown().storage()).isEqualByComparingTo("4.00"); // 0.005479452 × 730 = 4.0000
    }

    @Test
    void hoursPerDayAndDaysPerWeekScaleTheMonthNotTheHour() {
        // 2 replicas × (2 × 0.031611 + 4 × 0.004237) = 2 × 0.08017 = 0.16034 → 0.160; × 730 × 10/24 × 5/7 = 34.76
        var estimate = defaults.estimate(new EstimateRequest(null, "2", "4Gi", null, 0, null, 2, null, null, 10d, 5d,
                null, null));
        assertThat(estimate.hourly()).isEqualByComparingTo("0.160");
        assertThat(estimate.daily()).isEqualByComparingTo("1.60");
        assertThat(estimate.monthly()).isEqualByComparingTo("34.76");
    }

    @Test
    void anAutoscaledWorkloadIsQuotedAsARangeAroundItsExpectedAverage() {
        // one pod: 1 × 0.031611 + 2 × 0.004237 = 0.040085 per hour
        var estimate = defaults.estimate(new EstimateRequest(null, "1", "2Gi", null, 0, null, null, null, null, null,
                null, null, new EstimateRequest.Autoscaling(2, 10, 4d)));
        assertThat(estimate.hourly()).isEqualByComparingTo("0.160"); // 4 × 0.040085 = 0.16034
        assertThat(estimate.range().min()).isEqualByComparingTo("58.40"); // 0.080 × 730
        assertThat(estimate.range().expected()).isEqualByComparingTo("116.80"); // 0.160 × 730
        assertThat(estimate.range().max()).isEqualByComparingTo("292.73"); // 0.401 × 730
    }

    @Test
    void withoutAnExpectedAverageTheMiddleOfTheRangeIsExpected() {
        var estimate = defaults.estimate(new EstimateRequest(null, "1", "2Gi", null, 0, null, null, null, null, null,
                null, null, new EstimateRequest.Autoscaling(1, 3, null)));
        assertThat(estimate.hourly()).isEqualByComparingTo("0.080"); // 2 × 0.040085
    }

    @Test
    void zonesAreAveragedAndSpotTakesEachZonesDiscount() {
        // zone-a: 2 × 0.031611 + 8 × 0.004237 = 0.097118; zone-b: 2 × 0.025 + 8 × 0.004 = 0.082
        var inB = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 1, List.of("zone-b"), null,
                null, null, null, null));
        assertThat(inB.hourly()).isEqualByComparingTo("0.082");
        var both = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 2,
                List.of("zone-a", "zone-b"), null, null, null, null, null));
        assertThat(both.hourly()).isEqualByComparingTo("0.179"); // 2 × (0.097118 + 0.082) / 2 = 0.179118
        var spotInA = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 1, List.of("zone-a"), null,
                null, null, true, null));
        assertThat(spotInA.hourly()).isEqualByComparingTo("0.039"); // 0.097118 × 0.4 = 0.0388472
    }

    @Test
    void theCheapestZoneIsTheCheapestOneWithRoomForAllPods() {
        var few = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 2, null, null, null, null,
                null, null));
        assertThat(few.cheapestZone()).isEqualTo("zone-b");
        // zone-b has room for 2 pods only: 3 go to zone-a
        var many = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 3, null, "cheapest", null,
                null, null, null));
        assertThat(many.cheapestZone()).isEqualTo("zone-a");
        assertThat(many.hourly()).isEqualByComparingTo("0.291"); // 3 × 0.097118 = 0.291354
        var none = zoned.estimate(new EstimateRequest(null, "2", "8Gi", null, 0, null, 50, null, null, null, null,
                null, null));
        assertThat(none.cheapestZone()).isNull();
    }

    @Test
    void aGpuTypeOfTheCatalogCostsItsOwnRate() {
        var estimate = zoned.estimate(pod("1", "1Gi", 2, "nvidia-a100-80gb"));
        assertThat(estimate.breakdown().gpu()).isEqualByComparingTo("4380.00"); // 2 × 3.0 × 730
    }

    @Test
    void badInputIsRefusedFieldByField() {
        assertThatThrownBy(() -> defaults.estimate(new EstimateRequest(null, "-1", "512m", "lots", 17, null, 0,
                List.of("zone-x"), "nearest", 0d, 8d, null, null)))
                .isInstanceOfSatisfying(InvalidCostInput.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("cpu", "cost.error.cpu.format")
                        .containsEntry("memory", "cost.error.memory.format")
                        .containsEntry("storage", "cost.error.storage.format")
                        .containsEntry("gpu", "cost.error.gpu")
                        .containsEntry("replicas", "cost.error.replicas")
                        .containsEntry("zones", "cost.error.zones.unknown")
                        .containsEntry("zoneStrategy", "cost.error.zoneStrategy")
                        .containsEntry("hoursPerDay", "cost.error.hoursPerDay")
                        .containsEntry("daysPerWeek", "cost.error.daysPerWeek"));
    }

    @Test
    void absurdAmountsUnknownGpuTypesAndBadRangesAreRefused() {
        assertThatThrownBy(() -> defaults.estimate(new EstimateRequest(null, "100000", "1Pi", null, 1, "tpu-v5",
                null, null, null, null, null, null, new EstimateRequest.Autoscaling(3, 2, null))))
                .isInstanceOfSatisfying(InvalidCostInput.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("cpu", "cost.error.cpu.tooLarge")
                        .containsEntry("memory", "cost.error.memory.tooLarge")
                        .containsEntry("gpuType", "cost.error.gpuType.unknown")
                        .containsEntry("autoscaling.max", "cost.error.autoscaling.max"));
        assertThatThrownBy(() -> defaults.estimate(pod(null, "0", 0, null)))
                .isInstanceOfSatisfying(InvalidCostInput.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("cpu", "cost.error.cpu.missing")
                        .containsEntry("memory", "cost.error.memory.format"));
        assertThatThrownBy(() -> defaults.estimate(new EstimateRequest(null, "1", "1Gi", null, 0, null, null, null,
                null, null, null, null, new EstimateRequest.Autoscaling(1, 3, 5d))))
                .isInstanceOfSatisfying(InvalidCostInput.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("autoscaling.expectedAverage"));
    }
}
