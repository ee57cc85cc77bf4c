package dev.converge.portal.live.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What a live page does on a {@code reset} event (the stream resumed on another replica, or after a restart): it
 * fetches what it shows again and replaces it, keeping its open stream; it does not reload the whole page, which would
 * reconnect with the page's own id and, behind a load balancer, could be reset again without end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LiveResetJourneyTests {

    private static final String SOURCE = "document.getElementById('main')['htmx-internal-data'].sseEventSource";

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @TempDir
    Path profile;

    @Test
    void aResetRefreshesTheListInPlaceAndTheStreamGoesOn() {
        try (var journey = Journey.start("live-reset", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/deployments");
            journey.sees(By.id("live-connection"), "Live");
            journey.script("window.notReloaded = true; window.firstSource = " + SOURCE + ";");
            createDeployment("before-reset");
            journey.sees(By.id("row-vision-before-reset"), "vision/before-reset");
            // what the page shows goes stale (as after events lost on another replica)
            journey.script("document.getElementById('deployment-results').insertAdjacentHTML('afterbegin',"
                    + " '<p id=\"stale-sentinel\">stale</p>');");
            journey.sees(By.id("stale-sentinel"), "stale");

            journey.script("window.firstSource.dispatchEvent(new MessageEvent('reset',"
                    + " {data: 'reset', lastEventId: 'another-replica-7'}));");

            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                    journey.script("return document.getElementById('stale-sentinel') === null;")));
            journey.step("refreshed");
            assertThat(journey.script("return window.notReloaded === true;")).as("no page reload").isEqualTo(true);
            assertThat(journey.script("return " + SOURCE + " === window.firstSource && "
                    + "window.firstSource.readyState === 1;")).as("the same stream, still open").isEqualTo(true);

            // the refreshed content follows the stream: a deployment made elsewhere appears without a reload
            createDeployment("after-reset");
            journey.sees(By.id("row-vision-after-reset"), "vision/after-reset");
            journey.step("live-after-reset");
            assertThat(journey.script("return window.notReloaded === true;")).isEqualTo(true);

            // a stream that broke is opened again from the newest event seen, named once (not beside the page's own)
            journey.script("window.firstSource.close(); window.firstSource.dispatchEvent(new Event('error'));");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(journey.script(
                    "const s = " + SOURCE + "; return s !== window.firstSource && s.readyState === 1;")));
            var reopened = (String) journey.script("return " + SOURCE + ".url;");
            assertThat(reopened.split("lastEventId=", -1)).as(reopened).hasSize(2);
            for (var name : List.of("before-reset", "after-reset")) {
                deployments.delete("vision", name, DeploymentMother.developer());
            }
        }
    }

    private void createDeployment(String name) {
        deployments.create(new DeploymentSpec("vision", name, "registry.local/vision/" + name + ":1.0", null, 8080,
                "openai", new DeploymentSpec.Resources("100m", "128Mi", 0, null), 1, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, Map.of(), null), DeploymentMother.developer());
    }
}
