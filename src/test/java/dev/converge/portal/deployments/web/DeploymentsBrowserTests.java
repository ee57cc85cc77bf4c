package dev.converge.portal.deployments.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;

import dev.converge.portal.shared.web.HeadlessChromium;
import io.fabric8.kubernetes.api.model.Node;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer deploys from the form in a real browser and watches the new row turn ready on the list page, updated
 * in place over the live stream. Pods start slowly here (4 s) so the list is open before they are ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portal.sandbox.pod-start-delay=4s")
@ActiveProfiles("test")
class DeploymentsBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    DeploymentManager deployments;

    @TempDir
    Path profile;

    HeadlessChromium chromium;

    @BeforeEach
    void cachesKnowTheNodes() {
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aDeploymentSubmittedFromTheFormTurnsReadyOnTheListWithoutAReload() {
        chromium = HeadlessChromium.startOrSkip(profile, port);
        chromium.signIn("dev", "dev-pass");
        var driver = chromium.driver();
        driver.manage().window().setSize(new Dimension(1280, 2000));
        chromium.open("/deployments/new");
        screenshot("deployments-new.png");
        assertThat(driver.findElement(By.id("namespace")).getAttribute("value")).isEqualTo("vision");
        driver.findElement(By.id("name")).sendKeys("browser-model");
        driver.findElement(By.id("image")).sendKeys("registry.local/vision/server:1.0");
        var replicas = driver.findElement(By.id("replicas"));
        replicas.clear();
        replicas.sendKeys("1");
        driver.findElement(By.id("deploy-submit")).click();
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10))
                .until(() -> driver.getCurrentUrl().endsWith("/deployments/vision/browser-model"));

        // The informer may deliver the new Deployment a moment after the create answered (slower on a busy machine).
        var cell = By.id("deployment-row-vision-browser-model");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            chromium.open("/deployments?q=browser-model");
            return !driver.findElements(cell).isEmpty();
        });
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                driver.findElement(By.id("live-connection")).getAttribute("data-state")).isEqualTo("connected"));
        chromium.script("window.notReloaded = true");
        assertThat(driver.findElement(cell).getText()).as("not ready when the list opens").contains("0/1");

        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(driver.findElement(cell).getText()).contains("1/1").contains("Ready"));
        assertThat(chromium.script("return window.notReloaded")).as("updated in place").isEqualTo(true);

        // The list's results are fetched again when the stream says the list changed: the link may be replaced.
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> driver.findElement(By.linkText("vision/browser-model")).click());
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> driver.findElement(By.linkText("Show log")).click());
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                driver.findElement(By.id("pod-logs")).getText()).contains("Application startup complete"));
        screenshot("deployment-detail.png");
        assertThat(chromium.severeConsoleMessages()).isEmpty();
    }

    /**
     * Search, sort and Filter swap in table rows (issue 12: htmx's {@code Accept: *}{@code /*} was answered with the
     * JSON page, printed where the table was).
     */
    @Test
    void searchingSortingAndFilteringTheListShowTableRowsNotJson() {
        for (var name : List.of("search-alpha", "search-beta")) {
            deployments.create(new DeploymentSpec("vision", name, "registry.local/vision/" + name + ":1.0", null, 8080,
                    "openai", new DeploymentSpec.Resources("100m", "128Mi", 0, null), 1,
                    DeploymentSpec.Placement.any(), DeploymentSpec.Autoscaling.OFF, Map.of(), null),
                    DeploymentMother.developer());
        }
        chromium = HeadlessChromium.startOrSkip(profile, port);
        chromium.signIn("dev", "dev-pass");
        var driver = chromium.driver();
        driver.manage().window().setSize(new Dimension(1400, 1000));
        chromium.open("/deployments");
        chromium.script("window.notReloaded = true");
        var results = By.id("deployment-results");

        driver.findElement(By.id("q")).sendKeys("search-beta");
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertThat(driver.findElements(By.id("row-vision-search-beta"))).hasSize(1);
                    assertThat(driver.findElements(By.id("row-vision-search-alpha"))).isEmpty();
                });
        assertThat(driver.findElement(results).getText()).doesNotContain("\"items\"", "{\"");
        screenshot("deployments-searched.png");

        driver.findElement(By.id("q")).clear();
        new Select(driver.findElement(By.id("sort"))).selectByValue("name");
        driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(driver.findElements(By.cssSelector("#deployment-results tbody tr")))
                        .extracting(row -> row.getAttribute("id"))
                        .containsSubsequence("row-vision-search-alpha", "row-vision-search-beta"));
        assertThat(driver.findElement(results).getText()).doesNotContain("\"items\"");
        assertThat(chromium.script("return window.notReloaded")).as("swapped by htmx, not reloaded").isEqualTo(true);
        assertThat(chromium.severeConsoleMessages()).isEmpty();
    }

    /** For a person to look at: target/screenshots/. */
    private void screenshot(String name) {
        try {
            var file = Path.of("target", "screenshots", name);
            Files.createDirectories(file.getParent());
            Files.write(file, chromium.driver().getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
