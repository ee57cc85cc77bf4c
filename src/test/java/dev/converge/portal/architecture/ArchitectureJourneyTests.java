package dev.converge.portal.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import dev.converge.portal.platform.storage.EmbeddedObjectStorage;
import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A reader of the architecture in the portal: the diagrams draw under the portal's Content-Security-Policy, every
 * component leads to its page, and the badges follow the components' state live.
 */
// A context of its own, with a short health interval: the test stops the sandbox's object storage.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portal.sse.health-interval=1s")
@ActiveProfiles("test")
class ArchitectureJourneyTests {

    private static final By VIEWER_READY = By.cssSelector("[data-architecture-viewer][data-ready=true]");

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedObjectStorage storage;

    @TempDir
    Path profile;

    @Test
    void everyDiagramDrawsAndEveryComponentLeadsToAPageThatExists() {
        try (var journey = Journey.start("architecture-diagrams", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/architecture");
            journey.visible(VIEWER_READY);
            assertThat(journey.all(By.cssSelector("[data-diagram]"))).hasSize(5)
                    .allSatisfy(diagram -> assertThat(diagram.getDomAttribute("data-rendered")).isEqualTo("true"));
            assertThat(journey.all(By.cssSelector("[data-diagram] svg"))).hasSize(5);
            journey.sees(By.id("diagram-components-heading"), "The component map");
            // no console error means no refused inline style either: the policy reports each one
            journey.step("diagrams-drawn");

            var pages = new LinkedHashSet<String>();
            journey.all(By.cssSelector("a.diagram-link")).forEach(link -> pages.add(link.getDomAttribute("href")));
            // the audit log is for admins: a developer's Database node leads to its section of the docs instead
            assertThat(journey.visible(By.cssSelector("a.diagram-link[data-node=database]")).getDomAttribute("href"))
                    .isEqualTo("#database");
            pages.removeIf(page -> page.startsWith("#"));
            assertThat(pages).contains("/deployments", "/chat", "/rag/models", "/mlflow/experiments",
                    "/ai-converge/builds", "/deployments/zones");
            for (var page : pages) {
                journey.open(page);
                assertThat(journey.driver().getTitle()).as(page).doesNotContain("not found", "Error", "denied");
                journey.step("page" + page.replace('/', '-'));
            }

            journey.open("/architecture").visible(VIEWER_READY);
            journey.click(By.cssSelector("a.diagram-link[data-node=kubernetes]"));
            journey.isAt("/deployments/zones").step("clicked-kubernetes");
        }
    }

    @Test
    void theBadgesFollowAComponentThatGoesDownAndComesBack() {
        try (var journey = Journey.start("architecture-badges", profile, port)) {
            journey.signIn("viewer", "viewer-pass").open("/architecture").visible(VIEWER_READY);
            awaitState(journey, "objectStorage", "up");
            awaitState(journey, "kubernetes", "up");
            journey.step("all-up");

            storage.stop();
            try {
                awaitState(journey, "objectStorage", "down");
                journey.sees(By.id("health-status"), "objectStorage");
                journey.expectConsoleError("/sse/stream").step("object-storage-down");
            }
            finally {
                storage.start();
            }
            awaitState(journey, "objectStorage", "up");
            journey.step("object-storage-back");
        }
    }

    @Test
    void theDiagramsCanBeReadWithTheKeyboardAndAt800Pixels() {
        try (var journey = Journey.start("architecture-narrow", profile, port)) {
            journey.signIn("dev", "dev-pass").narrow().open("/architecture").visible(VIEWER_READY);
            assertThat(journey.pageScrollsSideways()).isFalse();
            var frame = journey.visible(By.cssSelector("#diagram-components .diagram-frame"));
            // focused as the Tab key would: a click could land on a component's link and leave the page
            journey.script("document.querySelector('#diagram-components .diagram-frame').focus()");
            frame.sendKeys("+");
            frame.sendKeys("+");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Double.parseDouble(frame.getDomAttribute("data-scale"))).isGreaterThan(1.3));
            frame.sendKeys("0");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(frame.getDomAttribute("data-scale")).isEqualTo("1.00"));
            journey.click(By.cssSelector("#diagram-components .diagram-legend summary"));
            journey.sees(By.cssSelector("#diagram-components .diagram-legend"), "Kubernetes API", "how it works");
            journey.step("narrow-with-legend");
        }
    }

    /** The state the badge of a node shows, in every diagram that has the node. */
    private static void awaitState(Journey journey, String component, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            var states = (List<String>) journey.script("return Array.from(document.querySelectorAll("
                    + "'[data-component=\"" + component + "\"]')).map(n => n.getAttribute('data-state'))");
            assertThat(states).isNotEmpty().containsOnly(state);
        });
    }
}
