package dev.converge.portal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.shared.web.PageParams;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/trust}: the grid at 2,000 scorecards (the board's in-memory copy, no database, no HTTP) and what a
 * change costs (score again + render and publish its four events), over synthetic subjects. Prints its figures; the
 * grid's p95 must stay within 100 ms on the 2-core machine.
 */
class TrustBenchTests {

    static final int SUBJECTS = 2_000;

    @Test
    void theGridAt2000ScorecardsAndTheCostOfAChange() {
        var fixture = new TrustBoardTests();
        var subjects = new ConcurrentHashMap<String, TrustSubject>();
        for (int i = 0; i < SUBJECTS; i++) {
            var namespace = i % 2 == 0 ? "vision" : "language";
            var image = i % 3 == 0 ? "nginx:latest" : TrustSignalsTests.IMAGE;
            subjects.put(namespace + "/model-" + i, new TrustSubject(TrustSubject.DEPLOYMENT, namespace, "model-" + i,
                    image, TrustSignalsTests.healthy()));
        }
        fixture.subjects.putAll(subjects);
        var board = fixture.board(TrustSettings.defaults());
        try {
            var views = new TrustViews(board, new dev.converge.portal.platform.kubernetes.TeamDirectory(
                    LiveFixtures.properties(Map.of())));
            subjects.values().forEach(s -> board.recomputeNow(s.kind(), s.namespace(), s.name()));
            // warm: every scorecard exists; now measure changes (one replica not ready) and unchanged rescoring
            var changed = subjects.values().stream().limit(500).toList();
            changed.forEach(s -> fixture.subjects.put(s.namespace() + "/" + s.name(), new TrustSubject(s.kind(),
                    s.namespace(), s.name(), s.image(), new Workload(2, 1, s.workload().template(),
                    s.workload().pods()))));
            long start = System.nanoTime();
            changed.forEach(s -> board.recomputeNow(s.kind(), s.namespace(), s.name()));
            double perChangeMs = (System.nanoTime() - start) / 1e6 / changed.size();
            start = System.nanoTime();
            changed.forEach(s -> board.recomputeNow(s.kind(), s.namespace(), s.name()));
            double perUnchangedMs = (System.nanoTime() - start) / 1e6 / changed.size();

            var admin = new CurrentUser("admin", java.util.Set.of(Role.ADMIN), new java.util.TreeSet<>(),
                    new java.util.TreeSet<>());
            var filters = List.of(new TrustFilter(null, null, null, null), new TrustFilter(null, "vision", "below", null),
                    new TrustFilter(null, null, null, "provenance"));
            var timings = new ArrayList<Double>();
            for (int round = 0; round < 600; round++) {
                var filter = filters.get(round % filters.size());
                long t = System.nanoTime();
                var page = views.list(filter, new PageParams(round % 5, 20), admin);
                timings.add((System.nanoTime() - t) / 1e6);
                assertThat(page.total()).isPositive();
            }
            var measured = timings.subList(100, timings.size()).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(measured);
            double p50 = measured[measured.length / 2];
            double p95 = measured[(int) Math.ceil(measured.length * 0.95) - 1];
            System.out.printf("TRUST-BENCH scorecards=%d grid p50=%.2f ms p95=%.2f ms; per change (score, render, "
                    + "publish, record)=%.3f ms; per rescoring without change=%.3f ms%n", SUBJECTS, p50, p95,
                    perChangeMs, perUnchangedMs);
            assertThat(p95).as("grid p95 (ms) at %d scorecards", SUBJECTS).isLessThanOrEqualTo(100.0);
        } finally {
            fixture.stop();
        }
    }
}
