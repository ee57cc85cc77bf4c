package dev.converge.portal.cost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import dev.converge.portal.cost.Budgets;
import dev.converge.portal.cost.CostJobs;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.shared.web.Journey;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer watches the quote follow the deployment form's fields; a lead reads the cost dashboard's charts; a
 * developer follows the spot and scale-to-zero advice into the deployment's edit form and saves it ("vision" counts
 * as a development namespace here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.sandbox.pod-start-delay=100ms", "portal.cost.sample-interval=0", "portal.cost.snapshot-interval=0",
        "portal.cost.development-namespaces=vision", "portal.deployments.schedule-interval=0"})
@ActiveProfiles("test")
class CostJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    DeploymentViews views;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    Budgets budgets;

    @Autowired
    CostJobs jobs;

    @TempDir
    Path profile;

    @Test
    void theQuoteFollowsTheDeploymentFormAndTheLeadReadsTheDashboard() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        deployments.create(new DeploymentSpec("vision", "journey-cost", "registry.local/vision/server:1.0", null,
                8080, "openai", new DeploymentSpec.Resources("2", "4Gi", 0, null), 2,
                DeploymentSpec.Placement.any(), DeploymentSpec.Autoscaling.OFF, Map.of(), null),
                DeploymentMother.developer());
        await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                .label("app.kubernetes.io/name", "journey-cost").where(p -> "Running".equals(p.getStatus().getPhase()))
                .count() == 2);
        jobs.sample();
        jobs.snapshot();
        var admin = new CurrentUser("admin", java.util.Set.of(Role.ADMIN), new java.util.TreeSet<>(),
                new java.util.TreeSet<>());
        budgets.set("vision", LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7), "500", admin);

        try (var journey = Journey.start("cost", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments/new")
                    .sees(By.id("cost-quote"), "Estimated cost", "USD per hour");
            journey.type(By.id("cpu"), "4").type(By.id("memory"), "16Gi")
                    // any zone: (2 × 4 × 0.031611 + 4 × 0.0285) / 3 + 16 × 0.004237 = 0.190088 → 0.190
                    .sees(By.id("cost-quote"), "0.190 USD per hour", "138.70 USD per month", "500.00 budget");
            journey.step("quote-follows-cpu-and-memory");
            journey.type(By.id("replicas"), "3")
                    .sees(By.id("cost-quote"), "0.570 USD per hour", "416.10 USD per month");
            journey.step("quote-follows-replicas");
            journey.type(By.id("replicas"), "40")
                    .sees(By.id("cost-quote"), "7.604 USD per hour") // 40 × 0.190088 = 7.60352
                    .sees(By.id("quote-over-budget"), "Over budget");
            journey.step("quote-over-budget");
        }

        try (var journey = Journey.start("cost-dashboard", profile.resolve("lead"), port)) {
            journey.signIn("lead", "lead-pass").open("/")
                    .sees(By.id("home-costs"), "Costs of your teams");
            journey.step("home-leads-with-costs");
            journey.open("/cost").sees(By.id("cost-stats"), "Now per hour")
                    .sees(By.id("cost-budgets"), "vision")
                    .sees(By.id("cost-table"), "vision/journey-cost");
            assertThat(journey.all(By.cssSelector("#cost-results .empty-state"))).as("no empty state beside rows")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(journey.script(
                    "return typeof Chart !== 'undefined' && ['chart-team','chart-zone','chart-gpu']"
                            + ".every(id => Chart.getChart(document.getElementById(id)) !== undefined)"
                            // the trend is a chart once a daily snapshot exists, and only its empty state before
                            + " && (document.getElementById('chart-trend') === null"
                            + " ? document.body.textContent.includes('No daily snapshot yet')"
                            + " : Chart.getChart(document.getElementById('chart-trend')) !== undefined)")));
            assertThat(journey.script("return Chart.getChart(document.getElementById('chart-team')).data.labels"))
                    .asString().contains("vision");
            journey.step("dashboard-charts");
            journey.open("/cost?groupBy=zone&sort=key").sees(By.id("cost-table"), "zone-");
            journey.step("table-by-zone");
        }
    }

    @Test
    void spotAndScaleToZeroAdviceOpenTheEditFormPrefilledAndSavingAppliesThem() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        deployments.create(new DeploymentSpec("vision", "journey-advice", "registry.local/vision/server:1.0", null,
                8080, "openai", new DeploymentSpec.Resources("500m", "1Gi", 0, null), 1,
                DeploymentSpec.Placement.any(), DeploymentSpec.Autoscaling.OFF, Map.of(), null),
                DeploymentMother.developer());
        await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                .label("app.kubernetes.io/name", "journey-advice")
                .where(p -> "Running".equals(p.getStatus().getPhase())).count() == 1);
        jobs.sample(); // the advice is worked out when samples arrive

        try (var journey = Journey.start("cost-advice", profile.resolve("advice"), port)) {
            journey.signIn("dev", "dev-pass").open("/cost")
                    .sees(By.id("cost-recommendations"), "vision/journey-advice");
            journey.step("advice-on-the-dashboard");
            journey.click(advice("spot")).isAt("/deployments/vision/journey-advice/edit?capacity=spot");
            journey.visible(By.id("capacity"));
            assertThat(journey.script("return document.getElementById('capacity').value")).isEqualTo("spot");
            assertThat(journey.script("return document.getElementById('schedule').value")).isEqualTo("always");
            journey.step("edit-form-prefilled-with-spot");
            journey.click(By.id("deploy-submit")).isAt("/deployments/vision/journey-advice")
                    .sees(By.id("detail-running"), "Spot, Always running");
            journey.step("saved-on-spot");
            var onSpot = views.specForEdit("vision", "journey-advice", DeploymentMother.developer());
            assertThat(onSpot.capacity()).isEqualTo("spot");
            // the new pod goes to a spot node (the sandbox's last CPU node of a zone)
            await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                    .label("app.kubernetes.io/name", "journey-advice")
                    .where(p -> "Running".equals(p.getStatus().getPhase()) && p.getSpec().getNodeName() != null
                            && p.getSpec().getNodeName().endsWith("-2")
                            && "spot".equals(p.getSpec().getNodeSelector().get("karpenter.sh/capacity-type")))
                    .count() == 1);

            // no new sample: the deployment's change alone takes the applied advice off the dashboard
            await().atMost(Duration.ofSeconds(20)).until(() -> journey.open("/cost").all(advice("spot")).isEmpty());
            journey.sees(By.id("cost-recommendations"), "vision/journey-advice");
            journey.step("applied-advice-gone");
            journey.click(advice("scale-to-zero"))
                    .isAt("/deployments/vision/journey-advice/edit?schedule=working-hours")
                    .sees(By.id("schedule-hint"), "Mon, Tue, Wed, Thu, Fri, 08:00–18:00 UTC");
            assertThat(journey.script("return document.getElementById('schedule').value"))
                    .isEqualTo("working-hours");
            assertThat(journey.script("return document.getElementById('capacity').value")).isEqualTo("spot");
            journey.step("edit-form-prefilled-with-working-hours");
            journey.click(By.id("deploy-submit")).isAt("/deployments/vision/journey-advice")
                    .sees(By.id("detail-running"), "Spot, Working hours only");
            journey.step("saved-with-working-hours");
            var scheduled = views.specForEdit("vision", "journey-advice", DeploymentMother.developer());
            assertThat(scheduled.schedule()).isEqualTo("working-hours");
            assertThat(scheduled.capacity()).isEqualTo("spot");
            assertThat(scheduled.replicas()).as("the spec keeps its replicas").isEqualTo(1);
        }
    }

    /** The action link of one kind of advice for the journey's deployment. */
    private static By advice(String kind) {
        return By.xpath("//li[contains(@class,'recommendation-" + kind + "')][contains(., 'vision/journey-advice')]//a");
    }
}
