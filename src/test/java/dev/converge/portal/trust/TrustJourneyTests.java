package dev.converge.portal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.cost.Budgets;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.live.SseHub;
import dev.converge.portal.platform.mlflow.MlflowGateway;
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
        properties = {"portal.sandbox.build-duration=1s", "portal.sandbox.pod-start-delay=100ms",
                "portal.trust.recompute-interval=2s"})
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

    @Autowired
    Budgets budgets;

    @Autowired
    MlflowGateway mlflow;

    @Autowired
    SseHub hub;

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
            // the detail is swapped at every rescoring (the rollout's pods come and go): read it as it settles
            var score = By.cssSelector("#trust-detail-deployment-vision-" + name + " .trust-score");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(journey.text(score)).doesNotContain("100%"));
            assertNotReloaded(journey);
            journey.step("privileged");

            journey.open("/trust?failing=safety")
                    .sees(By.id("trust-deployment-vision-" + name), name, "safety")
                    .sees(By.id("trust-alerts-vision"), "Trust: vision/" + name, "fell below team vision's minimum");
            journey.step("grid-and-alert");
            journey.open("/deployments").sees(By.id("alerts"), "Trust: vision/" + name,
                    "fell below team vision's minimum");
            journey.step("layout-alert-elsewhere");
            journey.open("/").sees(By.id("trust-summary-vision"), "below the team minimum");
            journey.step("home");
        }
    }

    /**
     * With a passing MLflow evaluation and a budget, all five signals apply and pass; a failing metric logged to the
     * sandbox's tracking server fails quality on the open scorecard, and a budget cut below the run-rate fails cost
     * while the lead is on another page: the layout's alert appears there, live.
     */
    @Test
    void aFailingMetricAndABudgetCutLowerTheScoreLiveAndRaiseTheLayoutAlertOnAnyPage() {
        var name = "journey-trust-signals";
        var admin = DeploymentMother.admin();
        var month = budgets.currentMonth().toString();
        TrustSandbox.deployBuiltModel(artifacts, builds, deployments, name);
        var run = TrustSandbox.logEvaluation(mlflow.endpoint().uri(), name, Map.of("accuracy", 0.95, "drift", 0.02));
        budgets.set("vision", month, "100000", admin);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> board.card(TrustSubject.DEPLOYMENT, "vision", name)
                    .map(card -> card.full() && card.applicable() == 5).orElse(false));
            var card = By.id("trust-detail-deployment-vision-" + name);
            try (var journey = Journey.start("trust-signals", profile, port)) {
                journey.signIn("lead", "lead-pass").open("/trust/vision/" + name)
                        .sees(card, "5/5 · 100%")
                        .sees(By.id("signal-quality"), "pass", "MLflow run evaluation")
                        .sees(By.id("signal-cost"), "pass", "within its budget share of 100000.00 USD");
                journey.script("window.notReloaded = true");
                journey.step("all-five-pass");

                TrustSandbox.logMetric(mlflow.endpoint().uri(), run, "accuracy", 0.5, 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> board.card(TrustSubject.DEPLOYMENT, "vision",
                        name).map(c -> c.fails("quality")).orElse(false));
                journey.sees(By.id("signal-quality"), "fail", "accuracy is 0.5")
                        .sees(card, "4/5 · 80%");
                assertNotReloaded(journey);
                journey.step("failing-metric");

                // at 80% it is not below the minimum yet; the lead moves on to another page, which follows the
                // hub itself: the layout's alerts ride on that one stream (topic trust added), no second one
                journey.open("/deployments").sees(By.id("live-connection"), "Live");
                assertThat(journey.text(By.id("alerts"))).doesNotContain("vision/" + name + " fell below");
                assertThat(journey.script("return document.getElementById('trust-layout-alerts')"
                        + ".hasAttribute('sse-connect')")).isEqualTo(false);
                assertThat((String) journey.script("return document.querySelector('main[sse-connect]')"
                        + ".getAttribute('sse-connect')")).contains("deployments", "trust");
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(hub.connections()).isOne());
                journey.script("window.notReloaded = true");
                budgets.set("vision", month, "1", admin);
                journey.sees(By.id("trust-layout-alerts"), "Trust: vision/" + name,
                        "fell below team vision's minimum", "cost");
                assertNotReloaded(journey);
                journey.step("budget-cut-alert-on-another-page");

                // a page without a live view of its own: the layout's stream is the one stream
                journey.open("/artifacts").sees(By.id("trust-layout-alerts"), "Trust: vision/" + name);
                assertThat(journey.script("return document.getElementById('trust-layout-alerts')"
                        + ".getAttribute('sse-connect')")).isEqualTo("/sse/stream?topics=trust&scope=layout");
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(hub.connections()).isOne());
                journey.step("layout-stream-on-a-page-without-its-own");

                journey.open("/trust/vision/" + name)
                        .sees(By.id("signal-cost"), "fail", "over its budget share of 1.00 USD")
                        .sees(card, "3/5 · 60%");
                journey.step("budget-cut");
            }
        } finally {
            budgets.set("vision", month, "500", admin);
        }
    }

    private static void assertNotReloaded(Journey journey) {
        assertThat(journey.script("return window.notReloaded")).as("updated in place, not reloaded").isEqualTo(true);
    }
}
