package dev.converge.portal.builds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.converge.portal.shared.web.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WindowType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer's whole build, in a real browser: upload an artifact, start a build from the form, and watch it on
 * the board and on its detail page, which follow the live streams without reloading. The sandbox runs a build for
 * its default 15 s, long enough to see it running and short enough to see it finish.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BuildsBrowserTests {

    private static final Duration BUILD_FINISHED = Duration.ofSeconds(45);

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @TempDir
    Path files;

    HeadlessChromium chromium;

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aBuildStartedFromTheFormMovesOnTheBoardAndStreamsItsLogWithoutReloading() throws Exception {
        chromium = HeadlessChromium.startOrSkip(profile, port);
        var driver = chromium.driver();
        chromium.signIn("dev", "dev-pass");
        var suffix = UUID.randomUUID().toString().substring(0, 8);

        var model = Files.write(files.resolve("model.bin"), "weights".repeat(1000).getBytes());
        chromium.open("/artifacts");
        driver.findElement(By.id("name")).sendKeys("browser-" + suffix);
        driver.findElement(By.id("version")).sendKeys("1");
        driver.findElement(By.id("file")).sendKeys(model.toString());
        driver.findElement(By.cssSelector("#artifact-upload button[type=submit]")).click();
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(15)).until(() -> !driver.findElements(By.id("artifact-sha256")).isEmpty());
        var key = driver.findElement(By.id("artifact-key")).getText();
        assertThat(key).isEqualTo("teams/vision/browser-" + suffix + "/1/model.bin");

        var board = driver.getWindowHandle();
        chromium.open("/ai-converge/builds/running?namespace=vision");
        awaitConnected();
        chromium.script("window.notReloaded = true");
        int succeededBefore = tabCount("succeeded");

        driver.switchTo().newWindow(WindowType.TAB);
        var build = "browser-" + suffix;
        chromium.open("/artifacts/" + key);
        driver.findElement(By.linkText("Build this artifact")).click();
        driver.findElement(By.id("name")).sendKeys(build);
        driver.findElement(By.cssSelector("#build-form button[type=submit]")).click();
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().endsWith("/vision/" + build));
        var badge = By.cssSelector("#build-row-vision-" + build + " .badge");
        assertThat(driver.findElement(badge).getText()).isIn("Pending", "Running");
        awaitConnected(); // the build page follows the stream (a failure below is then not a stream never opened)
        chromium.script("window.notReloaded = true");
        recordStreamOf(build);
        var detail = driver.getWindowHandle();

        driver.switchTo().window(board);
        var row = By.id("build-vision-" + build);
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(driver.findElements(row)).as("the new build appears in the Running tab").hasSize(1));
        driver.switchTo().window(detail);

        await().ignoreException(StaleElementReferenceException.class).atMost(BUILD_FINISHED).untilAsserted(() ->
                assertThat(driver.findElements(By.cssSelector("#build-log .log-line"))).hasSizeGreaterThan(2));
        await().ignoreException(StaleElementReferenceException.class).atMost(BUILD_FINISHED).untilAsserted(() ->
                assertThat(driver.findElement(badge).getText()).as(() -> "the build page's badge; its stream saw: "
                        + chromium.script("return (window.streamSeen || []).join(', ')")).isEqualTo("Succeeded"));
        assertThat(driver.findElement(By.id("build-log")).getText()).contains("Build finished: exit code 0");
        assertThat(chromium.script("return window.notReloaded")).as("detail page updated in place").isEqualTo(true);

        driver.switchTo().window(board);
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(driver.findElements(row)).as("it left the Running tab").isEmpty();
            assertThat(tabCount("succeeded")).isEqualTo(succeededBefore + 1);
        });
        assertThat(chromium.script("return window.notReloaded")).as("board updated in place").isEqualTo(true);
        assertThat(chromium.severeConsoleMessages()).isEmpty();
    }

    /**
     * What the page's stream delivers of this build (received, swapped into the page) and its errors, for the message
     * of a failure: this journey once saw the badge stay Pending on a connected page while the log streamed.
     */
    private void recordStreamOf(String build) {
        chromium.script("""
                window.streamSeen = [];
                var event = 'build-row-vision-%s';
                var source = document.getElementById('main')['htmx-internal-data'].sseEventSource;
                source.addEventListener(event, function (e) { window.streamSeen.push('received ' + e.lastEventId); });
                source.addEventListener('error', function () { window.streamSeen.push('error ' + source.readyState); });
                document.addEventListener('htmx:sseMessage', function (e) {
                  if (e.detail.type === event) { window.streamSeen.push('swapped'); }
                });
                document.addEventListener('htmx:sseOpen', function (e) {
                  window.streamSeen.push('open ' + (e.target.id || e.target.tagName));
                });""".formatted(build));
    }

    /** The page's own stream (the builds topic on {@code main}) is open, not only some stream on the page. */
    private void awaitConnected() {
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                chromium.driver().findElement(By.id("main")).getAttribute("data-live-stream"))
                .as("the builds stream of the page").isEqualTo("open"));
    }

    /** The count in a status tab's label, "Succeeded (3)". */
    private int tabCount(String status) {
        var label = chromium.driver().findElement(By.cssSelector(".status-tabs a[href*='/builds/" + status + "']"))
                .getText();
        return Integer.parseInt(label.replaceAll(".*\\((\\d+)\\).*", "$1"));
    }
}
