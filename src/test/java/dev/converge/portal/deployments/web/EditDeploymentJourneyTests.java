package dev.converge.portal.deployments.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.shared.web.Journey;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A developer edits a deployment: what they may change, what the preview tells them, and what they see after. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EditDeploymentJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @Test
    void editADeploymentChangingReplicasAndImageWithTheYamlPreviewKeptOpen() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        deployments.create(new DeploymentSpec("vision", "journey-edit", "registry.local/vision/server:1.0", null,
                8080, "openai", new DeploymentSpec.Resources("100m", "128Mi", 0, null), 1,
                DeploymentSpec.Placement.any(), DeploymentSpec.Autoscaling.OFF, Map.of(), null),
                DeploymentMother.developer());

        try (var journey = Journey.start("edit-deployment", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments/vision/journey-edit")
                    .click(By.linkText("Edit"))
                    .isAt("/deployments/vision/journey-edit/edit")
                    .sees(By.id("deployment-preview"), "Deployment journey-edit in vision");
            assertThat(journey.visible(By.id("name")).getAttribute("readonly")).as("the name is read-only")
                    .isNotNull();
            assertThat(journey.visible(By.id("name")).getAttribute("value")).isEqualTo("journey-edit");
            journey.step("edit-form");

            journey.click(By.cssSelector("#deployment-preview details summary"));
            journey.visible(By.cssSelector("#deployment-preview details[open] pre"));
            journey.type(By.id("replicas"), "3")
                    .sees(By.id("deployment-preview"), "with 3 replica(s)", "in vision");
            journey.type(By.id("image"), "registry.local/vision/server:2.0")
                    .sees(By.cssSelector("#deployment-preview details pre"), "registry.local/vision/server:2.0");
            assertThat(journey.all(By.cssSelector("#deployment-preview details[open]")))
                    .as("the YAML stays open across the preview's updates").hasSize(1);
            journey.step("preview-follows-the-changes");

            journey.click(By.id("deploy-submit"))
                    .isAt("/deployments/vision/journey-edit")
                    .sees(By.cssSelector(".alert-success"), "The change is rolling out.")
                    .sees(By.id("main"), "registry.local/vision/server:2.0");
            journey.step("saved");
        }
    }
}
