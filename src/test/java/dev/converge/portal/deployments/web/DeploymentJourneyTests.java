package dev.converge.portal.deployments.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.shared.web.Journey;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer's deployments journeys in Chromium: deploy and watch it become ready, deploy what no zone can hold and
 * see why, find deployments in the list, and change one (scale, edit, redeploy, roll back, delete), each with its
 * confirmation and its message. Pods start slowly (3 s) so the pages are open before they are ready; what changes
 * on the cluster is awaited on the open page, never reloaded ({@code window.notReloaded}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portal.sandbox.pod-start-delay=3s")
@ActiveProfiles("test")
class DeploymentJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @BeforeEach
    void cachesKnowTheNodes() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
    }

    @Test
    void deployToOneZoneThenSpreadOverThreeWithAutoscalingAndWatchThemBecomeReady() {
        try (var journey = Journey.start("deploy-and-watch", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments/new");
            journey.type(By.id("name"), "journey-one").type(By.id("image"), "registry.local/vision/server:1.0")
                    .type(By.id("replicas"), "2");
            new Select(journey.visible(By.id("strategy"))).selectByValue("single");
            journey.click(By.cssSelector("input[name=zones][value=zone-b]"))
                    .sees(By.id("deployment-preview"), "zone-b");
            journey.step("one-zone-form");
            journey.click(By.id("deploy-submit")).isAt("/deployments/vision/journey-one");
            notReloaded(journey);
            journey.sees(By.id("deployment-row-vision-journey-one"), "Progressing");
            journey.step("one-zone-starting");
            journey.sees(By.id("deployment-row-vision-journey-one"), "2/2", "Ready")
                    .sees(By.id("rollout-progress"), "2 ready")
                    .sees(By.id("running-in"), "zone-b")
                    .sees(By.id("pods"), "Running")
                    .sees(By.id("events"), "Placed on node");
            assertNotReloaded(journey);
            journey.step("one-zone-ready-without-reload");

            journey.open("/deployments/new");
            journey.type(By.id("name"), "journey-spread").type(By.id("image"), "registry.local/vision/server:1.0")
                    .type(By.id("replicas"), "3");
            new Select(journey.visible(By.id("strategy"))).selectByValue("multi");
            for (var zone : List.of("zone-a", "zone-b", "zone-c")) {
                journey.click(By.cssSelector("input[name=zones][value=" + zone + "]"));
            }
            journey.click(By.cssSelector("input[name=autoscaling]"));
            journey.type(By.id("minReplicas"), "3").type(By.id("maxReplicas"), "6")
                    .sees(By.id("deployment-preview"), "zone-a, zone-b, zone-c", "Autoscaler: 3 to 6");
            journey.step("spread-form");
            journey.click(By.id("deploy-submit")).isAt("/deployments/vision/journey-spread");

            journey.open("/deployments?q=journey-");
            notReloaded(journey);
            journey.sees(By.id("deployment-results"), "vision/journey-one", "vision/journey-spread")
                    .seesNo(By.cssSelector("#deployment-results .empty-state"));
            journey.sees(By.id("deployment-row-vision-journey-spread"), "3/3", "Ready");
            assertNotReloaded(journey);
            journey.step("list-ready-without-reload");

            // Someone else deploys: the open list shows the new row without a reload.
            deployments.create(spec("journey-late", "100m", "128Mi", 0, null, 1), DeploymentMother.developer());
            journey.sees(By.id("deployment-results"), "vision/journey-late");
            journey.sees(By.id("deployment-row-vision-journey-late"), "1/1", "Ready");
            assertNotReloaded(journey);
            journey.step("a-new-deployment-appears-live");

            journey.click(By.linkText("vision/journey-spread")).isAt("/deployments/vision/journey-spread")
                    .sees(By.id("running-in"), "zone-a, zone-b, zone-c");
            journey.step("spread-detail");
        }
    }

    @Test
    void deploySomethingNoZoneCanHoldConfirmItAndSeeWhyLive() {
        try (var journey = Journey.start("deploy-unschedulable", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments/new");
            journey.type(By.id("name"), "journey-huge").type(By.id("image"), "registry.local/vision/server:1.0")
                    .type(By.id("gpu"), "8");
            new Select(journey.visible(By.id("gpuType"))).selectByValue("nvidia-a100-80gb");
            journey.sees(By.id("no-room"), "No zone has room for a pod of this size now");
            journey.step("the-form-warns");

            journey.click(By.id("deploy-submit"))
                    .sees(By.id("no-room-confirm"), "Deploy anyway");
            journey.step("asked-to-confirm");
            journey.click(By.id("deployAnyway")).click(By.id("deploy-submit"))
                    .isAt("/deployments/vision/journey-huge");
            notReloaded(journey);
            journey.sees(By.id("deployment-row-vision-journey-huge"), "Unschedulable")
                    .sees(By.id("not-ready-reason"), "No zone has a node with 8 free nvidia-a100-80gb GPUs")
                    .sees(By.id("pods"), "Pending");
            assertThat(journey.text(By.id("main"))).doesNotContain("MiB");
            assertNotReloaded(journey);
            journey.step("detail-says-why-live");

            journey.open("/deployments?q=journey-huge")
                    .sees(By.id("deployment-row-vision-journey-huge"), "Unschedulable",
                            "8 free nvidia-a100-80gb GPUs");
            journey.step("list-says-why");
        }
    }

    @Test
    void filterSearchSortAndPageTheList() {
        deployments.create(spec("journey-find-a", "100m", "128Mi", 0, null, 2), DeploymentMother.developer());
        for (var name : List.of("journey-find-b", "journey-find-c")) {
            deployments.create(spec(name, "100m", "128Mi", 0, null, 1), DeploymentMother.developer());
        }
        try (var journey = Journey.start("find-deployments", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments");
            journey.type(By.id("q"), "journey-find")
                    .sees(By.id("deployment-results"), "vision/journey-find-a", "vision/journey-find-c")
                    .seesNo(By.cssSelector("#deployment-results .empty-state"));
            assertThat(journey.text(By.id("deployment-results"))).doesNotContain("\"items\"");
            journey.sees(By.id("deployment-row-vision-journey-find-a"), "2/2", "Ready");
            journey.step("searched");

            new Select(journey.visible(By.id("sort"))).selectByValue("ready");
            journey.sees(By.cssSelector("#deployment-results tbody tr:first-child"), "journey-find-b")
                    .sees(By.cssSelector("#deployment-results tbody tr:last-child"), "journey-find-a");
            journey.step("sorted");

            new Select(journey.visible(By.id("status"))).selectByValue("Unschedulable");
            journey.sees(By.cssSelector("#deployment-results .empty-state"), "No deployments to show")
                    .seesNo(By.cssSelector("#deployment-results table"));
            journey.step("filtered-to-nothing");

            journey.open("/deployments?q=journey-find&sort=name&size=2")
                    .sees(By.id("deployment-results"), "journey-find-a", "journey-find-b");
            journey.click(By.cssSelector("#deployment-results a[rel=next]"))
                    .sees(By.id("deployment-results"), "journey-find-c")
                    .seesNo(By.linkText("vision/journey-find-a"));
            journey.step("second-page");
        }
    }

    @Test
    void scaleEditRedeployRollBackToAChosenRevisionAndDeleteEachConfirmed() {
        deployments.create(spec("journey-change", "100m", "128Mi", 0, null, 1), DeploymentMother.developer());
        try (var journey = Journey.start("change-deployment", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments/vision/journey-change");
            journey.type(By.id("replicas"), "2").click(By.xpath("//button[normalize-space()='Scale']"))
                    .sees(By.cssSelector(".alert-success"), "Scaling.")
                    .sees(By.id("deployment-row-vision-journey-change"), "2/2", "Ready");
            journey.step("scaled");

            journey.click(By.linkText("Edit")).isAt("/deployments/vision/journey-change/edit");
            journey.type(By.id("image"), "registry.local/vision/server:2.0").click(By.id("deploy-submit"))
                    .sees(By.cssSelector(".alert-success"), "The change is rolling out.");
            journey.step("edited");

            journey.click(By.linkText("Redeploy…")).isAt("/deployments/vision/journey-change/redeploy")
                    .sees(By.id("main"), "Redeploy vision/journey-change?");
            journey.step("redeploy-asks");
            journey.click(By.id("confirm-redeploy"))
                    .sees(By.cssSelector(".alert-success"), "Every pod is being replaced");
            journey.step("redeployed");

            journey.click(By.linkText("Roll back…")).isAt("/deployments/vision/journey-change/rollback")
                    .sees(By.id("rollback-diff"), "image: registry.local/vision/server:2.0 → "
                            + "registry.local/vision/server:1.0");
            journey.click(By.id("revision-1"))
                    .sees(By.id("rollback-diff"), "revision 1", "replicas: 2 → 1");
            journey.step("rollback-shows-the-diff");
            journey.click(By.id("confirm-rollback"))
                    .isAt("/deployments/vision/journey-change")
                    .sees(By.cssSelector(".alert-success"), "The chosen revision is rolling out")
                    .sees(By.id("deployment-row-vision-journey-change"), "1/1", "Ready")
                    .sees(By.id("main"), "rollback to revision 1");
            journey.step("rolled-back");

            journey.click(By.linkText("Delete…")).isAt("/deployments/vision/journey-change/delete");
            journey.step("delete-asks");
            journey.click(By.xpath("//button[normalize-space()='Yes, delete it']"))
                    .isAt("/deployments")
                    .sees(By.cssSelector(".alert-success"), "The deployment was deleted.")
                    .seesNo(By.linkText("vision/journey-change"));
            journey.step("deleted");
        }
    }

    private static void notReloaded(Journey journey) {
        journey.script("window.notReloaded = true");
    }

    private static void assertNotReloaded(Journey journey) {
        assertThat(journey.script("return window.notReloaded")).as("updated in place, not reloaded").isEqualTo(true);
    }

    private static DeploymentSpec spec(String name, String cpu, String memory, int gpus, String gpuType,
                                       int replicas) {
        return new DeploymentSpec("vision", name, "registry.local/vision/server:1.0", null, 8080, "openai",
                new DeploymentSpec.Resources(cpu, memory, gpus, gpuType), replicas, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, Map.of(), null);
    }
}
