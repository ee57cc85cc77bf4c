package dev.converge.portal.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.WorkingHours;

/**
 * Advice from usage kept over the observed window: the 95th percentile of a pod's average CPU and memory against
 * what it requests, GPUs beside near-idle pods, more minimum replicas than the load needs, a cheaper zone with room,
 * spot outside production, and scaling development namespaces to zero outside working hours. Savings are monthly
 * at the rates each pod pays (its zone's, and the spot rates for a pod on a spot node), so spot is never advised for
 * pods already on spot nodes. Every piece of advice links the deployment's edit form prefilled with the change (spot:
 * {@code capacity=spot}; scale to zero: {@code schedule=working-hours}). Pure: the inputs are handed in, so tests
 * craft them.
 */
final class Recommender {

    /** A request is "well above" use when the p95 is below this share of it. */
    static final double RIGHT_SIZE_BELOW = 0.5;
    /** Headroom the suggested request keeps over the p95. */
    static final double HEADROOM = 1.25;
    /** A GPU pod whose CPU p95 is below this share of its CPU request counts as idle. */
    static final double IDLE_GPU_BELOW = 0.05;
    /** The utilisation the replica count is sized for. */
    static final double TARGET_UTILISATION = 0.8;
    static final int MIN_SAMPLES = 3;
    private static final long MI = 1024L * 1024;

    private final PricingCatalog catalog;
    private final Capacity capacity;
    private final Pattern production;
    private final Pattern development;
    private final WorkingHours workingHours;

    Recommender(PricingCatalog catalog, Capacity capacity, CostProperties properties, WorkingHours workingHours) {
        this.catalog = catalog;
        this.capacity = capacity;
        this.production = Pattern.compile(properties.productionNamespaces());
        this.development = Pattern.compile(properties.developmentNamespaces());
        this.workingHours = workingHours;
    }

    /**
     * What the advice needs to know of a deployment the portal manages: the least replicas it runs (its replicas, or
     * its autoscaling minimum; null: count the pods), and whether it runs on spot or within working hours already.
     */
    record Managed(Integer minReplicas, boolean spot, boolean workingHoursOnly) {
        static final Managed UNKNOWN = new Managed(null, false, false);
    }

    /** Without knowing spot or schedules: the least replicas of each "namespace/deployment" only. */
    List<Recommendation> recommend(List<PodReading> pods, Map<String, List<UsageSample>> samples,
                                   Function<String, Integer> minReplicas) {
        return advise(pods, samples, key -> new Managed(minReplicas.apply(key), false, false));
    }

    /**
     * @param pods        the pods running now
     * @param samples     usage samples per "namespace/deployment" over the window
     * @param managed     what is known of each "namespace/deployment" the portal manages
     */
    List<Recommendation> advise(List<PodReading> pods, Map<String, List<UsageSample>> samples,
                                Function<String, Managed> managed) {
        var byDeployment = new HashMap<String, List<PodReading>>();
        pods.stream().filter(p -> !p.deployment().isEmpty())
                .forEach(p -> byDeployment.computeIfAbsent(p.namespace() + "/" + p.deployment(),
                        k -> new ArrayList<>()).add(p));
        var result = new ArrayList<Recommendation>();
        var prices = new HashMap<String, ZonePrices>();
        Function<PodReading, ZonePrices> pricesOf = pod -> prices.computeIfAbsent(pod.zone(),
                zone -> catalog.in(zone.isEmpty() ? null : zone));
        byDeployment.forEach((key, list) -> {
            var facts = managed.apply(key);
            recommend(list, samples.getOrDefault(key, List.of()), facts == null ? Managed.UNKNOWN : facts, pricesOf,
                    result);
        });
        result.sort(Comparator.comparingDouble(Recommendation::monthlySaving).reversed()
                .thenComparing(Recommendation::namespace).thenComparing(Recommendation::deployment));
        return result;
    }

    private void recommend(List<PodReading> pods, List<UsageSample> samples, Managed managed,
                           Function<PodReading, ZonePrices> pricesOf, List<Recommendation> out) {
        var minReplicas = managed.minReplicas();
        var first = pods.get(0);
        var ns = first.namespace();
        var name = first.deployment();
        int count = pods.size();
        double month = catalog.hoursPerMonth();
        var allocations = pods.stream().map(pod -> Allocation.of(pod, pricesOf.apply(pod))).toList();
        double hourly = sum(allocations, Allocation::total);
        double podHourly = hourly / count;
        if (samples.size() >= MIN_SAMPLES) {
            double cpuP95 = p95(samples.stream().mapToDouble(s -> s.cpuMillis() / 1000d).toArray());
            double memoryP95 = p95(samples.stream().mapToDouble(UsageSample::memoryBytes).toArray());
            double totalCpuP95 = p95(samples.stream().mapToDouble(s -> s.cpuMillis() * s.pods() / 1000d).toArray());
            double cpuRequest = first.cpuRequest();
            double memoryRequest = first.memoryRequest() * 1024 * MI;
            if (first.gpus() > 0 && cpuP95 < cpuRequest * IDLE_GPU_BELOW) {
                double saving = sum(allocations, Allocation::gpu) * month;
                out.add(new Recommendation(Recommendation.Kind.IDLE_GPU, ns, name, CostGroup.round(saving, 2),
                        String.valueOf(first.gpus()), "0", edit(ns, name, Map.of("gpu", "0"))));
            }
            if (cpuRequest > 0 && cpuP95 < cpuRequest * RIGHT_SIZE_BELOW) {
                long suggested = Math.max(50, (long) Math.ceil(cpuP95 * HEADROOM * 1000 / 50) * 50);
                double saving = (cpuRequest - suggested / 1000d) * paidRates(pods, pricesOf, ZonePrices::cpu)
                        * month;
                if (saving > 0) {
                    out.add(new Recommendation(Recommendation.Kind.RIGHT_SIZE_CPU, ns, name, CostGroup.round(saving, 2),
                            cores(cpuRequest), suggested + "m", edit(ns, name, Map.of("cpu", suggested + "m"))));
                }
            }
            if (memoryRequest > 0 && memoryP95 < memoryRequest * RIGHT_SIZE_BELOW) {
                long suggestedMi = Math.max(64, (long) Math.ceil(memoryP95 * HEADROOM / (64 * MI)) * 64);
                double saving = (memoryRequest / MI - suggestedMi) / 1024
                        * paidRates(pods, pricesOf, ZonePrices::memory) * month;
                if (saving > 0) {
                    out.add(new Recommendation(Recommendation.Kind.RIGHT_SIZE_MEMORY, ns, name,
                            CostGroup.round(saving, 2), Math.round(memoryRequest / MI) + "Mi", suggestedMi + "Mi",
                            edit(ns, name, Map.of("memory", suggestedMi + "Mi"))));
                }
            }
            int least = minReplicas == null ? count : minReplicas;
            if (cpuRequest > 0 && least > 1) {
                int need = Math.max(1, (int) Math.ceil(totalCpuP95 / (cpuRequest * TARGET_UTILISATION)));
                if (need < least) {
                    out.add(new Recommendation(Recommendation.Kind.OVER_REPLICATION, ns, name,
                            CostGroup.round((least - need) * podHourly * month, 2), String.valueOf(least),
                            String.valueOf(need), edit(ns, name, Map.of("replicas", String.valueOf(need)))));
                }
            }
        }
        cheaperZone(pods, hourly, out);
        // the pods on on-demand nodes would pay their zone's spot rate; pods on spot nodes pay it already
        double spotSaving = sum(allocations, a -> a.pod().spot() ? 0
                : a.total() * pricesOf.apply(a.pod()).spotDiscount().doubleValue()) * month;
        if (!managed.spot() && !production.matcher(ns).matches() && spotSaving > 0) {
            out.add(new Recommendation(Recommendation.Kind.SPOT, ns, name, CostGroup.round(spotSaving, 2),
                    DeploymentSpec.ON_DEMAND, DeploymentSpec.SPOT,
                    edit(ns, name, Map.of("capacity", DeploymentSpec.SPOT))));
        }
        if (!managed.workingHoursOnly() && development.matcher(ns).matches()) {
            double idleShare = 1 - workingHours.hoursPerWeek() / 168d;
            out.add(new Recommendation(Recommendation.Kind.SCALE_TO_ZERO, ns, name,
                    CostGroup.round(hourly * month * idleShare, 2), "24×7",
                    workingHours.daysText() + " " + workingHours.start() + "–" + workingHours.end() + " "
                            + workingHours.timeZone(),
                    edit(ns, name, Map.of("schedule", DeploymentSpec.WORKING_HOURS))));
        }
    }

    /** The zone with room for every pod where they would cost least, each on the capacity it runs on now. */
    private void cheaperZone(List<PodReading> pods, double hourly, List<Recommendation> out) {
        var pod = pods.get(0);
        if (pod.zone().isEmpty()) {
            return;
        }
        var room = capacity.room(Math.round(pod.cpuRequest() * 1000) + "m",
                Math.round(pod.memoryRequest() * 1024) + "Mi", pod.gpus(),
                pod.gpuType().isEmpty() ? null : pod.gpuType());
        String best = null;
        double bestHourly = hourly;
        for (var entry : room.entrySet()) {
            if (entry.getKey().equals(pod.zone()) || entry.getValue() < pods.size()) {
                continue;
            }
            var there = catalog.in(entry.getKey());
            double movedHourly = pods.stream().mapToDouble(p -> Allocation.of(p.inZone(entry.getKey()), there)
                    .total()).sum();
            if (movedHourly < bestHourly * 0.99) {
                best = entry.getKey();
                bestHourly = movedHourly;
            }
        }
        if (best != null) {
            out.add(new Recommendation(Recommendation.Kind.CHEAPER_ZONE, pod.namespace(), pod.deployment(),
                    CostGroup.round((hourly - bestHourly) * catalog.hoursPerMonth(), 2), pod.zone(), best,
                    edit(pod.namespace(), pod.deployment(), Map.of("zone", best))));
        }
    }

    /** The sum over the pods of the rate each pays for one unit (its zone's, at the spot share on a spot node). */
    private static double paidRates(List<PodReading> pods, Function<PodReading, ZonePrices> pricesOf,
                                    Function<ZonePrices, java.math.BigDecimal> rate) {
        return pods.stream().mapToDouble(pod -> {
            var prices = pricesOf.apply(pod);
            return rate.apply(prices).doubleValue() * prices.share(pod.spot());
        }).sum();
    }

    private static double sum(List<Allocation> allocations, java.util.function.ToDoubleFunction<Allocation> part) {
        return allocations.stream().mapToDouble(part).sum();
    }

    /** The 95th percentile (nearest rank). */
    static double p95(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        var sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String edit(String namespace, String name, Map<String, String> values) {
        return "/deployments/" + encode(namespace) + "/" + encode(name) + "/edit?" + query(values);
    }

    private static String query(Map<String, String> values) {
        var out = new StringBuilder();
        new java.util.TreeMap<>(values).forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(encode(k)).append('=').append(encode(v));
        });
        return out.toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String cores(double cores) {
        return cores == Math.rint(cores) ? String.valueOf((long) cores) : Math.round(cores * 1000) + "m";
    }
}
