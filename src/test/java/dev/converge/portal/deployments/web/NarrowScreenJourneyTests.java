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

    private static void assertFits(Journey journey, String what) {
        assertThat(journey.pageScrollsSideways()).as("%s: the page scrolls sideways", what).isFalse();
        var overflowing = journey.script("return Array.from(document.querySelectorAll('.table-wrap, nav.nav ul'))"
                + ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)");
        assertThat((List<?>) overflowing).as("%s: tables or the navigation scroll sideways", what).isEmpty();
    }
}
