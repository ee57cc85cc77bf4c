package dev.converge.portal.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Advice from usage kept over the observed window: the 95th percentile of a pod's average CPU and memory against
 * what it requests, GPUs beside near-idle pods, more minimum replicas than the load needs, a cheaper zone with room,
 * spot outside production, and scaling development namespaces to zero outside working hours. Savings are monthly
 * at the catalog's rates. Pure: the inputs are handed in, so tests craft them.
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
    private final int workingHoursPerWeek;

    Recommender(PricingCatalog catalog, Capacity capacity, CostProperties properties) {
        this.catalog = catalog;
        this.capacity = capacity;
        this.production = Pattern.compile(properties.productionNamespaces());
        this.development = Pattern.compile(properties.developmentNamespaces());
        this.workingHoursPerWeek = properties.workingHoursPerWeek();
    }

    /**
     * @param pods        the pods running now
     * @param samples     usage samples per "namespace/deployment" over the window
     * @param minReplicas the least replicas each "namespace/deployment" runs (its replicas, or its autoscaling minimum)
     */
    List<Recommendation> recommend(List<PodReading> pods, Map<String, List<UsageSample>> samples,
                                   Function<String, Integer> minReplicas) {
        var byDeployment = new HashMap<String, List<PodReading>>();
        pods.stream().filter(p -> !p.deployment().isEmpty())
                .forEach(p -> byDeployment.computeIfAbsent(p.namespace() + "/" + p.deployment(),
                        k -> new ArrayList<>()).add(p));
        var result = new ArrayList<Recommendation>();
        byDeployment.forEach((key, list) -> recommend(list, samples.getOrDefault(key, List.of()),
                minReplicas.apply(key), result));
        result.sort(Comparator.comparingDouble(Recommendation::monthlySaving).reversed()
                .thenComparing(Recommendation::namespace).thenComparing(Recommendation::deployment));
        return result;
    }

    private void recommend(List<PodReading> pods, List<UsageSample> samples, Integer minReplicas,
                           List<Recommendation> out) {
        var first = pods.get(0);
        var ns = first.namespace();
        var name = first.deployment();
        int count = pods.size();
        var prices = catalog.in(first.zone().isEmpty() ? null : first.zone());
        double month = catalog.hoursPerMonth();
        double podHourly = Allocation.of(first, prices).total();
        if (samples.size() >= MIN_SAMPLES) {
            double cpuP95 = p95(samples.stream().mapToDouble(s -> s.cpuMillis() / 1000d).toArray());
            double memoryP95 = p95(samples.stream().mapToDouble(UsageSample::memoryBytes).toArray());
            double totalCpuP95 = p95(samples.stream().mapToDouble(s -> s.cpuMillis() * s.pods() / 1000d).toArray());
            double cpuRequest = first.cpuRequest();
            double memoryRequest = first.memoryRequest() * 1024 * MI;
            if (first.gpus() > 0 && cpuP95 < cpuRequest * IDLE_GPU_BELOW) {
                double saving = first.gpus() * prices.gpu(first.gpuType().isEmpty() ? null : first.gpuType())
                        .doubleValue() * count * month;
                out.add(new Recommendation(Recommendation.Kind.IDLE_GPU, ns, name, CostGroup.round(saving, 2),
                        String.valueOf(first.gpus()), "0", edit(ns, name, Map.of("gpu", "0"))));
            }
            if (cpuRequest > 0 && cpuP95 < cpuRequest * RIGHT_SIZE_BELOW) {
                long suggested = Math.max(50, (long) Math.ceil(cpuP95 * HEADROOM * 1000 / 50) * 50);
                double saving = (cpuRequest - suggested / 1000d) * prices.cpu().doubleValue() * count * month;
                if (saving > 0) {
                    out.add(new Recommendation(Recommendation.Kind.RIGHT_SIZE_CPU, ns, name, CostGroup.round(saving, 2),
                            cores(cpuRequest), suggested + "m", edit(ns, name, Map.of("cpu", suggested + "m"))));
                }
            }
            if (memoryRequest > 0 && memoryP95 < memoryRequest * RIGHT_SIZE_BELOW) {
                long suggestedMi = Math.max(64, (long) Math.ceil(memoryP95 * HEADROOM / (64 * MI)) * 64);
                double saving = (memoryRequest / MI - suggestedMi) / 1024 * prices.memory().doubleValue() * count
                        * month;
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
        cheaperZone(first, count, podHourly, out);
        if (!production.matcher(ns).matches() && prices.spotDiscount().signum() > 0) {
            double saving = podHourly * prices.spotDiscount().doubleValue() * count * month;
            out.add(new Recommendation(Recommendation.Kind.SPOT, ns, name, CostGroup.round(saving, 2), "on-demand",
                    "spot", quote(first, count, Map.of("spot", "true"))));
        }
        if (development.matcher(ns).matches()) {
            double idleShare = 1 - workingHoursPerWeek / 168d;
            out.add(new Recommendation(Recommendation.Kind.SCALE_TO_ZERO, ns, name,
                    CostGroup.round(podHourly * count * month * idleShare, 2), "24×7",
                    workingHoursPerWeek + " h/week", quote(first, count,
                            Map.of("hoursPerDay", "10", "daysPerWeek", "5"))));
        }
    }

    private void cheaperZone(PodReading pod, int count, double podHourly, List<Recommendation> out) {
        if (pod.zone().isEmpty()) {
            return;
        }
        var room = capacity.room(Math.round(pod.cpuRequest() * 1000) + "m",
                Math.round(pod.memoryRequest() * 1024) + "Mi", pod.gpus(),
                pod.gpuType().isEmpty() ? null : pod.gpuType());
        String best = null;
        double bestHourly = podHourly;
        for (var entry : room.entrySet()) {
            if (entry.getKey().equals(pod.zone()) || entry.getValue() < count) {
                continue;
            }
            var moved = pod.inZone(entry.getKey());
            double hourly = Allocation.of(moved, catalog.in(entry.getKey())).total();
            if (hourly < bestHourly * 0.99) {
                best = entry.getKey();
                bestHourly = hourly;
            }
        }
        if (best != null) {
            out.add(new Recommendation(Recommendation.Kind.CHEAPER_ZONE, pod.namespace(), pod.deployment(),
                    CostGroup.round((podHourly - bestHourly) * count * catalog.hoursPerMonth(), 2), pod.zone(), best,
                    edit(pod.namespace(), pod.deployment(), Map.of("zone", best))));
        }
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

    /** Spot and schedules are no fields of a deployment: these open the quote, prefilled, to compare. */
    private static String quote(PodReading pod, int count, Map<String, String> values) {
        var all = new java.util.LinkedHashMap<String, String>();
        all.put("namespace", pod.namespace());
        all.put("cpu", Math.round(pod.cpuRequest() * 1000) + "m");
        all.put("memory", Math.round(pod.memoryRequest() * 1024) + "Mi");
        all.put("gpu", String.valueOf(pod.gpus()));
        all.put("replicas", String.valueOf(count));
        if (!pod.gpuType().isEmpty()) {
            all.put("gpuType", pod.gpuType());
        }
        all.putAll(new java.util.TreeMap<>(values));
        return "/cost/estimate?" + query(all);
    }

    private static String query(Map<String, String> values) {
        var out = new StringBuilder();
        (values instanceof java.util.LinkedHashMap ? values : new java.util.TreeMap<>(values)).forEach((k, v) -> {
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
