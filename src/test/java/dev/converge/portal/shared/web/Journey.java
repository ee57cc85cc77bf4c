package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A person's journey through the portal in headless Chromium, written as the steps they take and what they see:
 * <pre>{@code
 * try (var journey = Journey.start("edit-deployment", profile, port)) {
 *     journey.signIn("dev", "dev-pass").open("/deployments/vision/resnet/edit");
 *     journey.type(By.id("replicas"), "3").sees(By.id("deployment-preview"), "3 replica(s)");
 *     journey.step("preview-follows-the-form");
 * }
 * }</pre>
 * <ul>
 *   <li>{@link #step} saves a full-page screenshot as {@code target/journeys/<journey>/<NN>-<step>.png}, for a
 *       person to look at, and fails when the browser logged a severe console error since the last step (a
 *       script error, a failed request) unless the journey said it {@link #expectConsoleError expects} it.</li>
 *   <li>{@link #sees} and {@link #seesNo} wait with Awaitility (10 s) for what is on screen, so live updates and
 *       htmx swaps are awaited, never slept for.</li>
 *   <li>{@link #wide()} (1400 px, the default) and {@link #narrow()} (800 px) set the viewport width exactly;
 *       {@link #pageScrollsSideways()} tells whether the page is wider than the window.</li>
 * </ul>
 * Skipped, like {@link HeadlessChromium}, where Chromium is not installed.
 */
public final class Journey implements AutoCloseable {

    public static final int WIDE = 1400;
    public static final int NARROW = 800;
    private static final int HEIGHT = 1000;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final String name;
    private final Path folder;
    private final HeadlessChromium chromium;
    private final List<String> expectedConsoleErrors = new ArrayList<>();
    private int steps;
    private int width;

    private Journey(String name, HeadlessChromium chromium) {
        this.name = name;
        this.folder = Path.of("target", "journeys", name);
        this.chromium = chromium;
        deleteEarlierScreenshots();
        wide();
    }

    /** Starts a browser at 1400 px for the journey {@code name} (the screenshot folder), or skips the test. */
    public static Journey start(String name, Path profile, int port) {
        return new Journey(name, HeadlessChromium.startOrSkip(profile, port));
    }

    public Journey wide() {
        return width(WIDE);
    }

    public Journey narrow() {
        return width(NARROW);
    }

    /** The viewport (not the window) is exactly this wide, as CSS media queries see it. */
    public Journey width(int pixels) {
        this.width = pixels;
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", pixels, "height", HEIGHT,
                "deviceScaleFactor", 1, "mobile", false));
        return this;
    }

    public Journey signIn(String username, String password) {
        chromium.signIn(username, password);
        return this;
    }

    public Journey open(String path) {
        chromium.open(path);
        return this;
    }

    public Journey click(By what) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> element(what).click());
        return this;
    }

    /** Replaces what the field holds with {@code text}, as a person selecting all and typing would. */
    public Journey type(By field, String text) {
        var input = visible(field);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    /** Waits until the element is on screen and its text contains each of {@code texts}. */
    public Journey sees(By what, String... texts) {
        return awaiting(() -> await().atMost(PATIENCE).ignoreExceptionsMatching(Journey::notYetOnScreen)
                .untilAsserted(() -> {
                    var element = element(what);
                    assertThat(element.isDisplayed()).as("%s is on screen", what).isTrue();
                    assertThat(element.getText()).as("text of %s", what).contains(texts);
                }));
    }

    /** Waits until nothing matching {@code what} is on screen. */
    public Journey seesNo(By what) {
        return awaiting(() -> await().atMost(PATIENCE).ignoreExceptionsMatching(Journey::notYetOnScreen)
                .untilAsserted(() -> assertThat(driver().findElements(what).stream()
                        .filter(WebElement::isDisplayed).toList()).as("%s is not on screen", what).isEmpty()));
    }

    /** What the person saw when the expected did not come: {@code <NN>-failed.png} beside the steps. */
    private Journey awaiting(Runnable wait) {
        try {
            wait.run();
        } catch (ConditionTimeoutException e) {
            screenshot(folder.resolve("%02d-failed.png".formatted(steps + 1)));
            throw e;
        }
        return this;
    }

    /** Waits until the address bar ends with {@code path} (and its query). */
    public Journey isAt(String path) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(driver().getCurrentUrl()).endsWith(path));
        return this;
    }

    public WebElement visible(By what) {
        return await().atMost(PATIENCE).ignoreExceptionsMatching(Journey::notYetOnScreen)
                .until(() -> element(what), WebElement::isDisplayed);
    }

    public String text(By what) {
        return visible(what).getText();
    }

    public List<WebElement> all(By what) {
        return driver().findElements(what);
    }

    /** The page is wider than the window, so the person has to scroll sideways to read it. */
    public boolean pageScrollsSideways() {
        var sizes = (Map<?, ?>) chromium.script("return {scroll: document.scrollingElement.scrollWidth,"
                + " window: window.innerWidth}");
        return ((Number) sizes.get("scroll")).intValue() > ((Number) sizes.get("window")).intValue();
    }

    /** Tolerates severe console messages containing {@code fragment} (e.g. the 403 a refused request logs). */
    public Journey expectConsoleError(String fragment) {
        expectedConsoleErrors.add(fragment);
        return this;
    }

    /** Saves {@code target/journeys/<journey>/<NN>-<step>.png} and checks the console for severe errors. */
    public Journey step(String step) {
        screenshot(folder.resolve("%02d-%s.png".formatted(++steps, step)));
        var unexpected = chromium.severeConsoleMessages().stream()
                .filter(message -> expectedConsoleErrors.stream().noneMatch(message::contains))
                .toList();
        assertThat(unexpected).as("severe console errors at step %s of journey %s", step, name).isEmpty();
        // a message code Spring could not resolve is shown as ??code_locale??
        assertThat((String) script("return document.body.innerText")).as("unresolved messages at step %s of "
                + "journey %s", step, name).doesNotContainPattern("\\?\\?[\\w.-]+_[a-z]{2}(_[A-Z]{2})?\\?\\?");
        return this;
    }

    /**
     * A {@link #step} whose picture also illustrates the documentation: the top of the page (what a person sees
     * without scrolling) saved to {@code file}, e.g. {@code docs/guide/images/deployments.png}.
     */
    public Journey illustrate(String step, Path file) {
        step(step);
        var shot = driver().executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", HEIGHT, "scale", 1)));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Object script(String source) {
        return chromium.script(source);
    }

    public ChromeDriver driver() {
        return chromium.driver();
    }

    public String url(String path) {
        return chromium.url(path);
    }

    @Override
    public void close() {
        chromium.close();
    }

    private WebElement element(By what) {
        return driver().findElement(what);
    }

    private static boolean notYetOnScreen(Throwable e) {
        return e instanceof NoSuchElementException || e instanceof StaleElementReferenceException;
    }

    /** The whole page, not only the viewport: the person would scroll, the screenshot shows all of it. */
    private void screenshot(Path file) {
        var metrics = driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
        var content = (Map<?, ?>) metrics.get("cssContentSize");
        double height = Math.min(((Number) content.get("height")).doubleValue(), 8000);
        var shot = driver().executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
                        "height", Math.max(height, 1), "scale", 1)));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteEarlierScreenshots() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
