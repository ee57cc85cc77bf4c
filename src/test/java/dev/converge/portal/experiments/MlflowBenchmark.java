package dev.converge.portal.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowSeeder;
import dev.converge.portal.platform.mlflow.MlflowStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * bench/mlflow (not part of the test run: its name ends in Benchmark, run it with {@code -Dtest=MlflowBenchmark}).
 * An experiment of 10,000 runs (20 params, 10 metrics each) and 10 runs with 1,000-step histories of 10 metrics;
 * a warm portal (real HTTP, signed in) serves the experiment page's first page sorted by a metric and the compare of
 * the 10 runs; prints p50/p95/p99 of each, and the tracking server's own time for the same search.
 * Against {@code MLFLOW_TRACKING_URI} when set (a server the benchmark may fill), else the documented-API stub.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MlflowBenchmark {

    static final String EXTERNAL = System.getenv("MLFLOW_TRACKING_URI");
    /** {@code stub} (default), or {@code sandbox}: the portal's own sandbox tracking server, filled through JDBC. */
    static final boolean SANDBOX = EXTERNAL == null && "sandbox".equals(System.getProperty("bench.target"));
    static final MlflowStub STUB = EXTERNAL == null && !SANDBOX ? MlflowStub.start() : null;
    static final int RUNS = Integer.getInteger("bench.runs", 10_000);
    static final int ITERATIONS = Integer.getInteger("bench.iterations", 200);
    static final int WARMUP = Integer.getInteger("bench.warmup", 50);
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void mlflow(DynamicPropertyRegistry registry) {
        if (!SANDBOX) {
            registry.add("portal.mlflow.tracking-uri", () -> staticUri().toString());
        }
    }

    static URI staticUri() {
        return EXTERNAL == null ? STUB.uri() : URI.create(EXTERNAL);
    }

    URI trackingUri() {
        return SANDBOX ? gateway.endpoint().uri() : staticUri();
    }

    @LocalServerPort
    int port;

    @Autowired
    MlflowGateway gateway;

    @Autowired
    DataSource dataSource;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void experimentPageAndCompare() throws Exception {
        var name = "bench-" + System.currentTimeMillis();
        String experimentId;
        var compared = new ArrayList<String>();
        long seeding = System.nanoTime();
        var sortBy = "metrics.m3";
        if (SANDBOX) {
            // the sandbox's store, filled as bench/mlflow/seed does (RunGenerator's metrics: accuracy, loss, ...)
            var generator = new dev.converge.portal.sandbox.mlflow.RunGenerator(dataSource, "s3://models/mlflow");
            experimentId = generator.fill(name, RUNS, 0, 1);
            var compareExperiment = generator.fill(name + "-compare", 10, 10, 1_000);
            compared.addAll(new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForList(
                    "SELECT run_uuid FROM mlflow_runs WHERE experiment_id = ?", String.class,
                    Long.parseLong(compareExperiment)));
            sortBy = "metrics.accuracy";
        } else try (var seeder = new MlflowSeeder(trackingUri())) {
            experimentId = seeder.experiment(name);
            if (STUB != null) {
                STUB.bulkRuns(experimentId, RUNS, 20, 10);
            } else {
                var params = new HashMap<String, String>();
                for (int p = 0; p < 20; p++) {
                    params.put("p" + p, String.valueOf(p));
                }
                for (int i = 0; i < RUNS; i++) {
                    var metrics = new HashMap<String, Double>();
                    for (int m = 0; m < 10; m++) {
                        metrics.put("m" + m, (i * 7919 % 1000) / 1000.0 + m);
                    }
                    seeder.run(experimentId, "bulk-" + i, 1_700_000_000_000L + i, params, metrics, 1, Map.of());
                }
            }
            var metrics = new HashMap<String, Double>();
            for (int m = 0; m < 10; m++) {
                metrics.put("m" + m, 0.5 + m);
            }
            var compareExperiment = seeder.experiment(name + "-compare");
            for (int i = 0; i < 10; i++) {
                compared.add(seeder.run(compareExperiment, "long-" + i, 1_700_000_000_000L + i,
                        Map.of("lr", String.valueOf(i)), metrics, 1_000, Map.of()));
            }
        }
        System.out.printf("%n== Seeded %,d runs + 10 × 10 metrics × 1,000 steps in %.1f s (%s)%n", RUNS,
                (System.nanoTime() - seeding) / 1e9, STUB != null ? "stub, in memory"
                : SANDBOX ? "the sandbox tracking server, " + trackingUri() : EXTERNAL);

        signIn("viewer", "viewer-pass");
        var runsPage = "/mlflow/experiments/" + experimentId + "?sort=" + sortBy + "&dir=desc";
        var compare = "/mlflow/compare?runs=" + String.join(",", compared);
        var html = "text/html";
        var json = "application/json";
        assertThat(get(runsPage, html).body()).contains(SANDBOX ? "bench-run-" : "bulk-");
        report("experiment page, 1st page (50 of " + RUNS + ") sorted by a metric, HTML", measure(runsPage, html));
        report("same, JSON", measure(runsPage, json));
        report("compare 10 runs, page (HTML)", measure(compare, html));
        report("compare 10 runs with 10 × 1,000-step histories, JSON (what the charts load)", measure(compare, json));
        report("tracking server alone: runs/search of the same page", measureServer(experimentId, sortBy));
        var byDuration = "/mlflow/experiments/" + experimentId + "?sort=duration&dir=desc";
        long cold = System.nanoTime();
        assertThat(get(byDuration, html).statusCode()).as("the first duration sort reads the index whole")
                .isEqualTo(200);
        System.out.printf("experiment page sorted by duration, 1st request (reads the index of %,d runs): %.0f ms%n",
                RUNS, (System.nanoTime() - cold) / 1e6);
        report("experiment page sorted by duration (the portal's index), HTML", measure(byDuration, html));
    }

    long[] measure(String path, String accept) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            get(path, accept);
        }
        var samples = new long[ITERATIONS];
        // CPU of this process (portal, and the stub or sandbox server in it) and calls to the stub per request:
        // figures a busy machine does not move the way it moves wall time
        long cpu = OS.getProcessCpuTime();
        int calls = STUB == null ? 0 : STUB.requests();
        for (int i = 0; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            var response = get(path, accept);
            samples[i] = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        System.out.printf("  %-83s %.1f ms CPU per request%s%n", path + " (" + accept + ")",
                (OS.getProcessCpuTime() - cpu) / 1e6 / ITERATIONS, STUB == null ? ""
                        : String.format(", %.1f MLflow calls per request", (STUB.requests() - calls)
                        / (double) ITERATIONS));
        return samples;
    }

    long[] measureServer(String experimentId, String sortBy) throws Exception {
        var body = "{\"experiment_ids\":[\"" + experimentId + "\"],\"max_results\":50,"
                + "\"order_by\":[\"" + sortBy + " DESC\"],\"run_view_type\":\"ACTIVE_ONLY\"}";
        var request = HttpRequest.newBuilder(URI.create(trackingUri() + "/api/2.0/mlflow/runs/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < WARMUP; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        var samples = new long[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.ofString());
            samples[i] = System.nanoTime() - start;
        }
        return samples;
    }

    static void report(String what, long[] samples) {
        var sorted = samples.clone();
        Arrays.sort(sorted);
        System.out.printf("%-85s n=%d  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms%n", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
    }

    static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void signIn(String user, String password) throws Exception {
        var login = get("/login", "text/html").body();
        var matcher = CSRF.matcher(login);
        assertThat(matcher.find()).as("the login form has a CSRF token").isTrue();
        var form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(get("/mlflow/experiments", "application/json").statusCode()).isEqualTo(200);
    }

}
