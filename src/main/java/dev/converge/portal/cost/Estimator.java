package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.deployments.ResourceAmounts;
import org.springframework.stereotype.Service;

/**
 * Prices a workload before it is deployed. The hourly rate is quoted to 3 decimals and the day and month are
 * computed from the quoted rate, so anyone can check a quote by hand: 4 vCPU + 16 GiB + 1 GPU at OpenCost's
 * defaults is 1.144 per hour and 1.144 × 730 = 835.12 per month. Pods spread evenly over the zones they may use, so
 * their rates are averaged; "cheapest" prices them in the cheapest zone with room.
 */
@Service
public class Estimator {

    static final BigDecimal MAX_CPU = new BigDecimal(256);
    static final BigDecimal MAX_MEMORY = new BigDecimal(4L << 40);
    static final BigDecimal MAX_STORAGE = new BigDecimal(100L << 40);
    static final int MAX_GPUS = 16;
    static final int MAX_REPLICAS = 500;
    private static final BigDecimal GIB = new BigDecimal(1L << 30);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private final PricingCatalog catalog;
    private final Capacity capacity;

    public Estimator(PricingCatalog catalog, Capacity capacity) {
        this.catalog = catalog;
        this.capacity = capacity;
    }

    public Estimate estimate(EstimateRequest request) {
        var knownZones = new java.util.TreeSet<>(capacity.zones());
        var errors = new InvalidCostInput.Errors();
        var cores = quantity(request.cpu(), false, MAX_CPU, "cpu", errors);
        var bytes = quantity(request.memory(), true, MAX_MEMORY, "memory", errors);
        var storageBytes = request.storage() == null || request.storage().isBlank() ? BigDecimal.ZERO
                : quantity(request.storage(), true, MAX_STORAGE, "storage", errors);
        checkGpus(request, errors);
        checkReplicas(request, errors);
        checkZones(request, knownZones, errors);
        if (request.hours() <= 0 || request.hours() > 24 || Double.isNaN(request.hours())) {
            errors.put("hoursPerDay", "cost.error.hoursPerDay");
        }
        if (request.days() <= 0 || request.days() > 7 || Double.isNaN(request.days())) {
            errors.put("daysPerWeek", "cost.error.daysPerWeek");
        }
        errors.throwIfAny();

        var pod = new PodSize(cores, bytes.divide(GIB, PRECISION), request.gpus(), blankToNull(request.gpuType()),
                storageBytes.divide(GIB, PRECISION));
        int peak = request.autoscaling() == null ? replicas(request) : request.autoscaling().max();
        var cheapest = cheapestZone(request, pod, peak);
        List<String> pricedIn = switch (request.strategy()) {
            case EstimateRequest.CHEAPEST -> cheapest.map(List::of).orElse(List.copyOf(knownZones));
            default -> request.chosenZones().isEmpty() ? List.copyOf(knownZones) : request.chosenZones();
        };
        var perPod = perPodHourly(pod, pricedIn, request.onSpot());
        return quote(request, perPod, cheapest.orElse(null));
    }

    /** One pod's hourly cost per resource: cpu, memory, gpu, storage. */
    BigDecimal[] perPodHourly(PodSize pod, List<String> zones, boolean spot) {
        var sums = new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        var where = zones.isEmpty() ? java.util.Collections.<String>singletonList(null) : zones;
        for (var zone : where) {
            var prices = catalog.in(zone);
            var keep = spot ? BigDecimal.ONE.subtract(prices.spotDiscount()) : BigDecimal.ONE;
            sums[0] = sums[0].add(pod.cores.multiply(prices.cpu()).multiply(keep));
            sums[1] = sums[1].add(pod.memoryGiB.multiply(prices.memory()).multiply(keep));
            sums[2] = sums[2].add(BigDecimal.valueOf(pod.gpus).multiply(prices.gpu(pod.gpuType)).multiply(keep));
            sums[3] = sums[3].add(pod.storageGiB.multiply(prices.storage()).multiply(keep));
        }
        var count = BigDecimal.valueOf(where.size());
        for (int i = 0; i < sums.length; i++) {
            sums[i] = sums[i].divide(count, PRECISION);
        }
        return sums;
    }

    private Estimate quote(EstimateRequest request, BigDecimal[] perPod, String cheapestZone) {
        var podHourly = perPod[0].add(perPod[1]).add(perPod[2]).add(perPod[3]);
        var monthFactor = BigDecimal.valueOf(catalog.hoursPerMonth())
                .multiply(BigDecimal.valueOf(request.hours()).divide(BigDecimal.valueOf(24), PRECISION))
                .multiply(BigDecimal.valueOf(request.days()).divide(BigDecimal.valueOf(7), PRECISION));
        var a = request.autoscaling();
        var expected = a == null ? BigDecimal.valueOf(replicas(request))
                : BigDecimal.valueOf(a.expectedAverage() != null ? a.expectedAverage() : (a.min() + a.max()) / 2.0);
        var hourly = money(podHourly.multiply(expected), 3);
        var monthly = money(hourly.multiply(monthFactor), 2);
        var breakdown = new Estimate.Breakdown(money(perPod[0].multiply(expected).multiply(monthFactor), 2),
                money(perPod[1].multiply(expected).multiply(monthFactor), 2),
                money(perPod[2].multiply(expected).multiply(monthFactor), 2),
                money(perPod[3].multiply(expected).multiply(monthFactor), 2));
        var range = a == null ? new Estimate.Range(monthly, monthly, monthly)
                : new Estimate.Range(monthlyAt(podHourly, a.min(), monthFactor), monthly,
                        monthlyAt(podHourly, a.max(), monthFactor));
        return new Estimate(catalog.currency(), hourly, money(hourly.multiply(BigDecimal.valueOf(request.hours())), 2),
                monthly, breakdown, range, cheapestZone);
    }

    private static BigDecimal monthlyAt(BigDecimal podHourly, int replicas, BigDecimal monthFactor) {
        return money(money(podHourly.multiply(BigDecimal.valueOf(replicas)), 3).multiply(monthFactor), 2);
    }

    /** The open zone with room for {@code peak} pods where one pod costs least (spot included when asked). */
    private Optional<String> cheapestZone(EstimateRequest request, PodSize pod, int peak) {
        Map<String, Integer> room = capacity.room(request.cpu(), request.memory(), pod.gpus, pod.gpuType);
        String best = null;
        BigDecimal bestCost = null;
        for (var entry : room.entrySet()) {
            if (entry.getValue() < peak) {
                continue;
            }
            var parts = perPodHourly(pod, List.of(entry.getKey()), request.onSpot());
            var cost = parts[0].add(parts[1]).add(parts[2]).add(parts[3]);
            if (bestCost == null || cost.compareTo(bestCost) < 0) {
                best = entry.getKey();
                bestCost = cost;
            }
        }
        return Optional.ofNullable(best);
    }

    private static BigDecimal quantity(String text, boolean memory, BigDecimal max, String field,
                                       InvalidCostInput.Errors errors) {
        if (text == null || text.isBlank()) {
            errors.put(field, "cost.error." + field + ".missing");
            return BigDecimal.ONE;
        }
        var amount = text.length() > 40 ? Optional.<BigDecimal>empty()
                : ResourceAmounts.positiveAmount(text.strip(), memory);
        if (amount.isEmpty()) {
            errors.put(field, "cost.error." + field + ".format");
            return BigDecimal.ONE;
        }
        if (amount.get().compareTo(max) > 0) {
            errors.put(field, "cost.error." + field + ".tooLarge");
            return BigDecimal.ONE;
        }
        return amount.get();
    }

    private void checkGpus(EstimateRequest request, InvalidCostInput.Errors errors) {
        if (request.gpus() < 0 || request.gpus() > MAX_GPUS) {
            errors.put("gpu", "cost.error.gpu", String.valueOf(MAX_GPUS));
            return;
        }
        var type = blankToNull(request.gpuType());
        if (type == null) {
            if (request.gpus() > 0 && !capacity.gpuTypes().isEmpty()) {
                errors.put("gpuType", "cost.error.gpuType.missing");
            }
            return;
        }
        var known = new java.util.TreeSet<>(capacity.gpuTypes());
        known.addAll(catalog.gpuTypes());
        if (!known.contains(type)) {
            errors.put("gpuType", "cost.error.gpuType.unknown", String.join(", ", known));
        }
    }

    private static void checkReplicas(EstimateRequest request, InvalidCostInput.Errors errors) {
        var a = request.autoscaling();
        if (a == null) {
            if (request.replicas() != null && (request.replicas() < 1 || request.replicas() > MAX_REPLICAS)) {
                errors.put("replicas", "cost.error.replicas", String.valueOf(MAX_REPLICAS));
            }
            return;
        }
        if (a.min() == null || a.min() < 1 || a.min() > MAX_REPLICAS) {
            errors.put("autoscaling.min", "cost.error.autoscaling.min", String.valueOf(MAX_REPLICAS));
            return;
        }
        if (a.max() == null || a.max() < a.min() || a.max() > MAX_REPLICAS) {
            errors.put("autoscaling.max", "cost.error.autoscaling.max", String.valueOf(a.min()),
                    String.valueOf(MAX_REPLICAS));
            return;
        }
        var average = a.expectedAverage();
        if (average != null && (average.isNaN() || average < a.min() || average > a.max())) {
            errors.put("autoscaling.expectedAverage", "cost.error.autoscaling.expectedAverage",
                    String.valueOf(a.min()), String.valueOf(a.max()));
        }
    }

    private void checkZones(EstimateRequest request, java.util.SortedSet<String> known,
                            InvalidCostInput.Errors errors) {
        if (!EstimateRequest.STRATEGIES.contains(request.strategy())) {
            errors.put("zoneStrategy", "cost.error.zoneStrategy", String.join(", ", EstimateRequest.STRATEGIES));
        }
        var chosen = request.chosenZones();
        if (chosen.size() > 50) {
            errors.put("zones", "cost.error.zones.tooMany");
            return;
        }
        for (var zone : chosen) {
            if (zone == null || !known.contains(zone)) {
                errors.put("zones", "cost.error.zones.unknown", String.valueOf(zone), String.join(", ", known));
            }
        }
        if (!chosen.isEmpty() && EstimateRequest.CHEAPEST.equals(request.strategy())) {
            errors.put("zoneStrategy", "cost.error.zoneStrategy.withZones");
        }
    }

    private static int replicas(EstimateRequest request) {
        return request.replicas() == null ? 1 : request.replicas();
    }

    private static BigDecimal money(BigDecimal amount, int decimals) {
        return amount.setScale(decimals, RoundingMode.HALF_UP);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** One pod: cores, GiB of memory, GPUs of a type, GiB of storage. */
    record PodSize(BigDecimal cores, BigDecimal memoryGiB, int gpus, String gpuType, BigDecimal storageGiB) {
    }
}
