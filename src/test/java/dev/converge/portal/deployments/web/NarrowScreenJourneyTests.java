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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The deployments list and the zones fit the window, at 1400 px and at 800 px: nothing to scroll sideways. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NarrowScreenJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @Test
    void theDeploymentsListAndTheZonesFitAt1400And800Pixels() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        if (caches.get(Deployment.class, "vision", "a-rather-long-deployment-name-for-narrow-screens").isEmpty()) {
            deployments.create(new DeploymentSpec("vision", "a-rather-long-deployment-name-for-narrow-screens",
                    "registry.local/vision/some-team/a-long-image-name-of-a-server:1.0.0-rc1", null, 8080, "openai",
                    new DeploymentSpec.Resources("100m", "128Mi", 0, null), 2,
                    new DeploymentSpec.Placement("multi", List.of("zone-a", "zone-b")),
                    DeploymentSpec.Autoscaling.OFF, Map.of(), null), DeploymentMother.developer());
        }
        try (var journey = Journey.start("narrow-screens", profile, port)) {
            journey.signIn("admin", "admin-pass");
            for (var width : new int[] {Journey.WIDE, Journey.NARROW}) {
                journey.width(width).open("/deployments")
                        .sees(By.id("main"), "a-rather-long-deployment-name-for-narrow-screens");
                journey.step("deployments-" + width);
                assertFits(journey, "deployments list at " + width);

                journey.open("/deployments/zones").sees(By.id("zone-zone-a"), "zone-a");
                journey.step("zones-" + width);
                assertFits(journey, "zones at " + width);
            }
        }
    }

    private static final String PINNED = "registry.local/vision/a-pinned-server@sha256:"
            + "3f8a1c2b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

    /**
     * A digest-pinned image wraps inside its box (deploy form preview, detail), and a deployment no node can hold
     * shows an Unschedulable badge in a colour of its own, not the Progressing one.
     */
    @Test
    void aPinnedImageStaysInItsBoxAndUnschedulableHasItsOwnColour() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        if (caches.get(Deployment.class, "vision", "pinned-no-room").isEmpty()) {
            deployments.create(new DeploymentSpec("vision", "pinned-no-room", PINNED, null, 8080, "openai",
                    new DeploymentSpec.Resources("1", "1Gi", 8, "nvidia-l4"), 1,
                    new DeploymentSpec.Placement("single", List.of("zone-b")),
                    DeploymentSpec.Autoscaling.OFF, Map.of(), null), DeploymentMother.developer());
        }
        try (var journey = Journey.start("pinned-image", profile, port)) {
            journey.signIn("dev", "dev-pass");
            for (var width : new int[] {Journey.WIDE, Journey.NARROW}) {
                journey.width(width).open("/deployments/vision/pinned-no-room")
                        .sees(By.cssSelector(".live-deployment.state-unschedulable .badge"), "Unschedulable");
                journey.step("detail-" + width);
                assertFits(journey, "detail at " + width);
                assertNoCodePastItsBox(journey, "detail at " + width);
                var colours = (List<?>) journey.script("""
                        const badge = document.querySelector('.live-deployment.state-unschedulable .badge');
                        const probe = document.createElement('span');
                        probe.className = 'live-deployment state-progressing';
                        probe.innerHTML = '<span class="badge">Progressing</span>';
                        document.body.appendChild(probe);
                        const progressing = getComputedStyle(probe.firstChild).backgroundColor;
                        probe.remove();
                        return [getComputedStyle(badge).backgroundColor, progressing];""");
                assertThat(colours.get(0)).as("the Unschedulable badge's colour").isNotEqualTo("rgba(0, 0, 0, 0)")
                        .isNotEqualTo(colours.get(1));

                journey.open("/deployments/new?namespace=vision&image=" + PINNED)
                        .type(By.id("name"), "pinned-preview")
                        .sees(By.id("deployment-preview"), "sha256:3f8a1c2b")
                        .sees(By.cssSelector("#deployment-yaml summary"), "YAML");
                if (!Boolean.TRUE.equals(journey.script(
                        "return document.getElementById('deployment-yaml').open"))) {
                    journey.click(By.cssSelector("#deployment-yaml summary"));
                }
                journey.sees(By.cssSelector("#deployment-yaml pre"), "image: \"" + PINNED + "\"");
                journey.step("form-" + width);
                assertFits(journey, "deploy form at " + width);
                assertNoCodePastItsBox(journey, "deploy form at " + width);
                var previewOverflows = journey.script("const p = document.getElementById('deployment-preview');"
                        + " return Array.from(p.querySelectorAll('li')).some(li =>"
                        + " li.getBoundingClientRect().right > p.getBoundingClientRect().right + 1)"
                        + " || p.scrollWidth > p.clientWidth + 1;");
                assertThat(previewOverflows).as("the preview box overflows at %s", width).isEqualTo(false);
            }
        }
    }

    /**
     * No code element (an image, an endpoint) reaches past the right edge of the block it sits in. Code in a pre
     * block (the YAML preview) scrolls inside the pre, so there the pre itself must stay inside its box.
     */
    private static void assertNoCodePastItsBox(Journey journey, String what) {
        var past = journey.script("return Array.from(document.querySelectorAll('#main code')).filter(c => {"
                + " const shown = c.closest('pre') || c;"
                + " const box = shown.parentElement.closest('dd, li, td, p, div, section');"
                + " return box && shown.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;"
                + " }).map(c => c.textContent.slice(0, 40))");
        assertThat((List<?>) past).as("%s: code running past its box", what).isEmpty();
    }

    private static void assertFits(Journey journey, String what) {
        assertThat(journey.pageScrollsSideways()).as("%s: the page scrolls sideways", what).isFalse();
        var overflowing = journey.script("return Array.from(document.querySelectorAll('.table-wrap, nav.nav ul'))"
                + ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)");
        assertThat((List<?>) overflowing).as("%s: tables or the navigation scroll sideways", what).isEmpty();
    }
}
