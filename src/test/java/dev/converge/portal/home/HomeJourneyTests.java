package dev.converge.portal.home;

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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** What a lead and a viewer of team vision meet when they sign in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HomeJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @BeforeEach
    void visionHasADeployment() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        if (caches.get(Deployment.class, "vision", "home-journey").isEmpty()) {
            deployments.create(new DeploymentSpec("vision", "home-journey", "registry.local/vision/server:1.0", null,
                    8080, "openai", new DeploymentSpec.Resources("100m", "128Mi", 0, null), 1,
                    DeploymentSpec.Placement.any(), DeploymentSpec.Autoscaling.OFF, Map.of(), null),
                    DeploymentMother.developer());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> caches.get(Deployment.class, "vision", "home-journey").isPresent());
        }
    }

    @Test
    void aLeadSeesTheirTeamsLiveCountsAndFiltersTheDeploymentsByTeam() {
        try (var journey = Journey.start("lead-home", profile, port)) {
            journey.signIn("lead", "lead-pass").open("/")
                    .sees(By.tagName("h1"), "Welcome, lead")
                    .sees(By.id("main"), "As a team lead you work in the namespaces of your teams: vision",
                            "Builds in vision", "Deployments in vision")
                    .sees(By.cssSelector("nav.nav"), "Artifacts");
            assertThat(journey.all(By.id("build-counts-language"))).as("another team's counts").isEmpty();
            journey.step("home");

            // The filter as its plain GET form sends it. Pressing Filter with htmx still answers the JSON page
            // (issue 12, defect 1, not fixed on this branch); once it is, this step should press the button.
            journey.click(By.linkText("Deployments")).isAt("/deployments");
            new Select(journey.visible(By.cssSelector("form.filters #namespace"))).selectByValue("vision");
            journey.open("/deployments?namespace=vision")
                    .sees(By.id("deployment-row-vision-home-journey"), "/1");
            assertThat(new Select(journey.visible(By.cssSelector("form.filters #namespace")))
                    .getFirstSelectedOption().getText()).isEqualTo("vision");
            assertThat(journey.text(By.id("main"))).as("HTML, not the JSON page").doesNotContain("\"items\"");
            journey.step("deployments-of-team-vision");
        }
    }

    @Test
    void aViewerIsToldTheyCanLookButNotChangeAndARefusedChangeSaysWhy() {
        try (var journey = Journey.start("viewer", profile, port)) {
            journey.signIn("viewer", "viewer-pass").open("/")
                    .sees(By.id("read-only-notice"), "viewer", "cannot change");
            assertThat(journey.all(By.id("get-started"))).as("no get-started path for a viewer").isEmpty();
            journey.step("home");

            for (var page : new String[] {"/deployments", "/deployments/vision/home-journey", "/ai-converge/builds",
                    "/artifacts", "/deployments/zones"}) {
                journey.open(page).sees(By.id("read-only-notice"), "cannot change");
                assertThat(journey.all(By.cssSelector("main form[method=post], main form[method=POST]")))
                        .as("forms that change something on %s", page).isEmpty();
                assertThat(journey.all(By.cssSelector("main a.button.primary")))
                        .as("primary change buttons on %s", page).isEmpty();
            }
            journey.open("/deployments/vision/home-journey").step("deployment-read-only");

            // As if the viewer kept an old page open, or crafted the request: a plain form POST of a change.
            journey.expectConsoleError("403");
            journey.script("""
                    var form = document.createElement('form');
                    form.method = 'post';
                    form.action = '/deployments/vision/home-journey/redeploy';
                    var csrf = document.createElement('input');
                    csrf.type = 'hidden';
                    csrf.name = '_csrf';
                    csrf.value = document.querySelector('meta[name="_csrf"]').content;
                    form.appendChild(csrf);
                    document.body.appendChild(form);
                    form.submit();""");
            journey.sees(By.id("main"), "Not allowed", "your role only lets you read")
                    .step("direct-post-refused");
        }
    }
}
