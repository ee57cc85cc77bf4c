package dev.converge.portal.experiments.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.mlflow.MlflowSeeder;
import dev.converge.portal.platform.mlflow.MlflowStub;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.converge.portal.shared.web.Journey;

/**
 * In Chromium: the runs table, a run's metric chart and a comparison of three runs drawn by Chart.js without console
 * errors (each step fails on one), then registry → "Deploy this version" → the prefilled form → the deployment,
 * which links back to the version, which lists the deployment as where it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MlflowJourneyTests {

    static final MlflowStub STUB = MlflowStub.start();
    static String experimentId;
    static final List<String> RUNS = new ArrayList<>();

    @DynamicPropertySource
    static void mlflow(DynamicPropertyRegistry registry) {
        registry.add("portal.mlflow.tracking-uri", () -> STUB.uri().toString());
    }

    @BeforeAll
    static void seed() {
        try (var seeder = new MlflowSeeder(STUB.uri())) {
            experimentId = seeder.experiment("journey-fraud");
            long start = 1_700_000_000_000L;
            RUNS.add(seeder.run(experimentId, "baseline", start, Map.of("lr", "0.1", "optimizer", "sgd"),
                    Map.of("accuracy", 0.81, "loss", 0.5), 60, Map.of()));
            RUNS.add(seeder.run(experimentId, "tuned", start + 1_000, Map.of("lr", "0.01", "optimizer", "adam"),
                    Map.of("accuracy", 0.93, "loss", 0.2), 60, Map.of("converge.dev/deployment", "vision/fraud-v1")));
            RUNS.add(seeder.run(experimentId, "wide", start + 2_000, Map.of("lr", "0.01", "optimizer", "sgd"),
                    Map.of("accuracy", 0.88, "loss", 0.3), 60, Map.of()));
            seeder.model("fraud-detector");
            var version = seeder.version("fraud-detector", "s3://models/teams/vision/fraud/model.onnx", RUNS.get(1));
            seeder.alias("fraud-detector", "champion", version);
        }
    }

    @AfterAll
    static void stop() {
        STUB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @Test
    void aMetricChartAndAComparisonRenderWithoutConsoleErrors() {
        try (var journey = Journey.start("mlflow-charts", profile, port)) {
            journey.signIn("viewer", "viewer-pass").open("/mlflow/experiments");
            journey.sees(By.id("experiment-results"), "journey-fraud").step("experiments");
            journey.click(By.linkText("journey-fraud")).sees(By.id("run-results"), "baseline", "tuned", "wide");
            journey.click(By.linkText("accuracy"))
                    .sees(By.cssSelector("#run-results tbody tr:first-child"), "tuned")
                    .sees(By.cssSelector("#run-results tbody tr:last-child"), "baseline");
            journey.step("runs-sorted-by-accuracy");
            // duration: the portal's own order (MLflow has none); the header says so to assistive technology too
            journey.click(By.linkText("Duration"))
                    .sees(By.cssSelector("#run-results th[aria-sort=descending]"), "Duration")
                    .sees(By.id("run-results"), "baseline", "tuned", "wide").step("runs-sorted-by-duration");
            journey.type(By.id("filter"), "metrics.accuracy >>> 1").click(By.cssSelector(".runs-filters button"))
                    .sees(By.id("filter-error"), "MLflow could not use this filter");
            journey.expectConsoleError("400").step("filter-refused-beside-the-box");

            journey.open("/mlflow/runs/" + RUNS.get(1));
            awaitDrawn(journey);
            assertThat(journey.all(By.cssSelector("#charts canvas"))).hasSize(2);
            journey.step("metric-chart-by-step");
            journey.click(By.cssSelector(".axis-switch a[data-axis=time]"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "time".equals(journey.script(
                    "return document.getElementById('charts').dataset.axis;")));
            journey.step("metric-chart-by-time");
            journey.sees(By.id("deployment-link"), "vision/fraud-v1");

            journey.open("/mlflow/compare?runs=" + String.join(",", RUNS));
            awaitDrawn(journey);
            assertThat(journey.script("return Chart.getChart(document.querySelector('#charts canvas'))"
                    + ".data.datasets.length;")).isEqualTo(3L);
            journey.sees(By.cssSelector(".compare-table"), "optimizer", "differs");
            journey.step("comparison");
        }
    }

    @Test
    void deployingARegisteredVersionLinksTheDeploymentAndTheVersionBothWays() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        try (var journey = Journey.start("mlflow-deploy-version", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/mlflow/models");
            journey.click(By.linkText("fraud-detector")).sees(By.id("version-1"), "@champion");
            journey.click(By.linkText("v1")).sees(By.id("producing-run"), RUNS.get(1)).step("version");
            journey.click(By.id("deploy-version"))
                    .isAt("/deployments/new?modelUri=s3://models/teams/vision/fraud/model.onnx&mlflowModel=fraud-detector/1");
            assertThat(journey.visible(By.id("modelUri")).getDomProperty("value"))
                    .isEqualTo("s3://models/teams/vision/fraud/model.onnx");
            assertThat(journey.driver().findElement(By.id("mlflowModel")).getDomProperty("value"))
                    .isEqualTo("fraud-detector/1");
            journey.step("deploy-form-prefilled");
            // the seeded source is no uploaded artifact: deploy without downloading it
            journey.visible(By.id("modelUri")).clear();
            journey.type(By.id("name"), "fraud-v1").type(By.id("image"), "registry.local/vision/fraud:1");
            journey.click(By.id("deploy-submit")).isAt("/deployments/vision/fraud-v1");
            journey.sees(By.id("mlflow-model-link"), "fraud-detector/1").step("deployment-links-the-version");
            journey.click(By.id("mlflow-model-link")).isAt("/mlflow/models/fraud-detector/versions/1");
            journey.sees(By.id("serving-deployments"), "vision/fraud-v1").step("version-lists-where-it-runs");
            // its trust alert (no build behind it, no evaluation) comes in live at the top of the page and moves the
            // link down: a click while it arrives lands beside the link (seen in CI), so wait for it as a person would
            journey.open("/deployments/vision/fraud-v1")
                    .sees(By.id("trust-layout-alerts"), "vision/fraud-v1 fell below")
                    .click(By.id("mlflow-runs-link"))
                    .sees(By.id("main"), "tuned").step("deployment-runs");
        }
    }

    private static void awaitDrawn(Journey journey) {
        await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(journey.script(
                "return document.getElementById('charts').getAttribute('data-drawn');")));
    }
}
