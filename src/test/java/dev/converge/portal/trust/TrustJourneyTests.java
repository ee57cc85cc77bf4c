package dev.converge.portal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.shared.web.Journey;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A team lead watches a model's scorecard in Chromium: built from an uploaded artifact and pinned by digest, it
 * scores full on the signals that apply; then a restart loop and a privileged pod spec, one at a time, fail their
 * signal and lower the score on the open page, without a reload; the grid and every page's alerts show it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portal.sandbox.build-duration=1s", "portal.sandbox.pod-start-delay=100ms"})
@ActiveProfiles("test")
class TrustJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds builds;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesClient client;

    @Autowired
    TrustBoard board;

    @TempDir
    Path profile;

    @Test
    void aFullScoreFallsLiveAsARestartLoopAndThenAPrivilegedSpecBreakOneSignalEach() {
        var name = "journey-trust";
        TrustSandbox.deployBuiltModel(artifacts, builds, deployments, name);
        await().atMost(Duration.ofSeconds(30)).until(() -> board.card(TrustSubject.DEPLOYMENT, "vision", name)
                .map(Scorecard::full).orElse(false));
        var card = By.id("trust-detail-deployment-vision-" + name);
        try (var journey = Journey.start("trust", profile, port)) {
            journey.signIn("lead", "lead-pass").open("/trust/vision/" + name)
                    .sees(card, "3/3 · 100%")
                    .sees(By.cssSelector(".trust-chain"), "artifact", "build", "image", "deployment")
                    .sees(By.id("signal-provenance"), "pass", "pinned by digest")
                    .sees(By.id("signal-quality"), "n/a", "MLflow");
            journey.visible(By.id("trust-history"));
            journey.script("window.notReloaded = true");
            journey.step("full-score");

            TrustSandbox.restartLoop(client, name);
            journey.sees(By.id("signal-availability"), "fail", "restarted 5 times")
                    .sees(card, "2/3 · 67%");
            assertNotReloaded(journey);
            journey.step("restart-loop");

            TrustSandbox.makePrivileged(client, name);
            journey.sees(By.id("signal-safety"), "fail", "runs privileged");
            assertThat(journey.text(By.cssSelector("#" + "trust-detail-deployment-vision-" + name + " .trust-score")))
                    .doesNotContain("100%");
            assertNotReloaded(journey);
            journey.step("privileged");

            journey.open("/trust?failing=safety")
                    .sees(By.id("trust-deployment-vision-" + name), name, "safety")
                    .sees(By.id("trust-alerts-vision"), "Trust: vision/" + name, "below its team minimum");
            journey.step("grid-and-alert");
            journey.open("/deployments").sees(By.id("alerts"), "Trust: vision/" + name, "below its team minimum");
            journey.step("layout-alert-elsewhere");
            journey.open("/").sees(By.id("trust-summary-vision"), "below the team minimum");
            journey.step("home");
        }
    }

    private static void assertNotReloaded(Journey journey) {
        assertThat(journey.script("return window.notReloaded")).as("updated in place, not reloaded").isEqualTo(true);
    }
}
