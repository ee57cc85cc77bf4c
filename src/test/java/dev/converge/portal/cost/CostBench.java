package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.PodUsage;
import org.junit.jupiter.api.Test;

/**
 * bench/cost: the cost computations at 2,000 deployments / 10,000 pods, over a synthetic snapshot of the informer
 * cache (fabric8 Pod and Node objects in memory, a usage reading, 10 usage samples per deployment). Not a *Tests
 * class: it runs only when asked for ({@code bench/cost/run.sh}). Prints p50/p95/max per computation.
 *
 * "summary" = map the cached pods to readings + allocate by every grouping (what {@code GET /cost/summary} without
 * dates does); "dashboard" = that + the user's part of the latest advice (what a view of {@code GET /cost} computes:
 * the advice is computed in the background, {@link CostAdvice}); "advice" = the recommendations for every
 * deployment (what the sampling job adds once per new samples, off the page views). Not included: the HTTP layer,
 * template rendering and the dashboard's small SQL queries (trend, budgets).
 */
class CostBench {

    static final int DEPLOYMENTS = 2_000;
    static final int PODS_PER_DEPLOYMENT = 5;
    static final int WARMUP = 60;
    static final int RUNS = 300;

    @Test
    void costAt2000DeploymentsAnd10000Pods() {
        var cluster = new SyntheticCluster();
        var zones = List.of("zone-a", "zone-b", "zone-c");
        for (int n = 0; n < 60; n++) {
            // one CPU node in six is spot capacity, as a cluster with spot pools has
            cluster.node("node-" + n, zones.get(n % 3), n % 10 == 0 ? "nvidia-l4" : null, n % 6 == 5);
        }
        var samples = new HashMap<String, List<UsageSample>>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            var namespace = d % 2 == 0 ? "vision" : "language";
            var name = "model-" + d;
            int gpus = d % 20 == 0 ? 1 : 0;
            for (int p = 0; p < PODS_PER_DEPLOYMENT; p++) {
                cluster.pod(namespace, name, name + "-" + p, "node-" + ((d * 7 + p) % 60), (1 + d % 4) + "",
                        (2 + d % 8) + "Gi", gpus, 200 + (d * 13 + p) % 800, 512 + (d * 31 + p) % 2048);
            }
            var list = new ArrayList<UsageSample>();
            for (int s = 0; s < 10; s++) {
                list.add(new UsageSample(namespace, name, Instant.EPOCH.plusSeconds(300L * s), PODS_PER_DEPLOYMENT,
                        200 + (d + s) % 800, (512L + (d * 31 + s) % 2048) << 20));
            }
            samples.put(namespace + "/" + name, list);
        }
        var catalog = CostFixtures.zoned();
        var properties = CostFixtures.properties(Map.of("zone-a", new CostProperties.ZoneRates(null, null, null,
                null, new BigDecimal("0.6"))), Map.of());
        var recommender = new Recommender(catalog, CostFixtures.capacity(Map.of("zone-a", 50, "zone-b", 50,
                "zone-c", 50)), properties, dev.converge.portal.deployments.WorkingHours.defaults());
        var usage = new PodUsage.Reading(cluster.usage, Instant.EPOCH);
        java.util.function.Predicate<Map<String, String>> spotNode = SyntheticCluster::isSpotNode;
        // the reader keeps each pod's parsed requests by uid, as the portal's ClusterReader bean does
        var requestCache = new HashMap<String, dev.converge.portal.deployments.ResourceAmounts>();

        Runnable summary = () -> {
            var readings = ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode, requestCache);
            var run = CostAllocator.allocate(readings, catalog);
            assertThat(run.total().pods()).isEqualTo(DEPLOYMENTS * PODS_PER_DEPLOYMENT);
        };
        var latestAdvice = recommender.recommend(
                ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode, requestCache), samples,
                key -> PODS_PER_DEPLOYMENT);
        var namespaces = java.util.Set.of("vision", "language");
        Runnable dashboard = () -> {
            var readings = ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode, requestCache);
            var run = CostAllocator.allocate(readings, catalog);
            // CostAdvice.of: the latest list, filtered to the user's namespaces
            var advice = latestAdvice.stream().filter(r -> namespaces.contains(r.namespace())).toList();
            assertThat(run.by(GroupBy.DEPLOYMENT)).hasSize(DEPLOYMENTS);
            assertThat(advice).isNotEmpty();
        };
        Runnable backgroundAdvice = () -> {
            var readings = ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode, requestCache);
            assertThat(recommender.recommend(readings, samples, key -> PODS_PER_DEPLOYMENT)).isNotEmpty();
        };
        Runnable mapOnly = () -> ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode,
                requestCache);
        var readingsOnce = ClusterReader.read(cluster.pods, cluster.nodes, usage, ns -> ns, spotNode, requestCache);
        Runnable allocateOnly = () -> CostAllocator.allocate(readingsOnce, catalog);
        Runnable recommendOnly = () -> recommender.recommend(readingsOnce, samples, key -> PODS_PER_DEPLOYMENT);
        print("  of which: map", measure(mapOnly));
        print("  of which: allocate", measure(allocateOnly));
        print("  of which: recommend", measure(recommendOnly));
        var dashboardTimes = measure(dashboard);
        var summaryTimes = measure(summary);
        var adviceTimes = measure(backgroundAdvice);
        System.out.printf("%nbench/cost: %,d deployments, %,d pods, %d runs after %d warm-up runs (ms)%n",
                DEPLOYMENTS, DEPLOYMENTS * PODS_PER_DEPLOYMENT, RUNS, WARMUP);
        print("advice    (background: map + recommend)", adviceTimes);
        print("dashboard (map + allocate + read advice)", dashboardTimes);
        print("summary   (map + allocate)", summaryTimes);
    }

    private static double[] measure(Runnable work) {
        for (int i = 0; i < WARMUP; i++) {
            work.run();
        }
        var times = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - start) / 1_000_000d;
        }
        Arrays.sort(times);
        return times;
    }

    private static void print(String what, double[] sorted) {
        System.out.printf("  %-40s p50 %6.1f   p95 %6.1f   max %6.1f%n", what, sorted[sorted.length / 2],
                sorted[(int) Math.ceil(0.95 * sorted.length) - 1], sorted[sorted.length - 1]);
    }
}
