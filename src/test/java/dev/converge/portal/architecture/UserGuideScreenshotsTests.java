package dev.converge.portal.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The pictures of the user guide ({@code docs/guide/}), taken anew by every build from the sandbox, as the person
 * the guide speaks to would see each page: they cannot go stale. Each picture must show a page (not a blank or an
 * error), and every picture the guide shows must have been taken here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.sandbox.build-duration=3s", "portal.sandbox.pod-start-delay=500ms"})
@ActiveProfiles("test")
class UserGuideScreenshotsTests {

    static final Path GUIDE = Path.of("docs", "guide");
    static final Path IMAGES = GUIDE.resolve("images");
    private static final Pattern IMAGE_LINK = Pattern.compile("\\]\\((images/[^)]+\\.png)\\)");

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @TempDir
    Path files;

    @Test
    void aDeveloperTakesAModelFromAFileToARunningDeployment() throws IOException {
        var model = Files.write(files.resolve("model.onnx"), new byte[512 * 1024]);
        try (var journey = Journey.start("user-guide-models", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/").sees(By.tagName("h1"), "Welcome");
            journey.illustrate("home", IMAGES.resolve("home.png"));

            journey.open("/artifacts").type(By.id("name"), "sentiment").type(By.id("version"), "1");
            journey.driver().findElement(By.id("file")).sendKeys(model.toString());
            journey.illustrate("upload-form", IMAGES.resolve("artifact-upload.png"));
            journey.click(By.cssSelector("#artifact-upload button[type=submit]"))
                    .isAt("/artifacts/teams/vision/sentiment/1/model.onnx");
            journey.illustrate("artifact", IMAGES.resolve("artifact.png"));

            journey.click(By.linkText("Build this artifact")).type(By.id("name"), "sentiment");
            journey.illustrate("build-form", IMAGES.resolve("build-form.png"));
            journey.click(By.cssSelector("#build-form button[type=submit]"))
                    .sees(By.cssSelector("#build-row-vision-sentiment .badge"), "Succeeded")
                    .sees(By.id("build-image"), "@sha256:");
            journey.illustrate("build", IMAGES.resolve("build.png"));

            journey.click(By.id("deploy-build")).sees(By.tagName("h1"), "Deploy a model");
            journey.type(By.id("name"), "sentiment");
            journey.illustrate("deployment-form", IMAGES.resolve("deployment-form.png"));
            journey.click(By.cssSelector("#deployment-form button[type=submit]"))
                    .isAt("/deployments/vision/sentiment").sees(By.tagName("main"), "Running");
            journey.illustrate("deployment", IMAGES.resolve("deployment.png"));

            journey.open("/deployments").sees(By.tagName("main"), "sentiment");
            journey.illustrate("deployments", IMAGES.resolve("deployments.png"));
            journey.open("/deployments/zones").sees(By.tagName("h1"), "Zones");
            journey.illustrate("zones", IMAGES.resolve("zones.png"));
            journey.open("/profile");
            journey.illustrate("profile", IMAGES.resolve("profile.png"));
            journey.open("/architecture").visible(By.cssSelector("[data-architecture-viewer][data-ready=true]"));
            journey.illustrate("architecture", IMAGES.resolve("architecture.png"));

            // the deployment speaks the OpenAI protocol: the sandbox answers as a model server would
            journey.open("/chat");
            new org.openqa.selenium.support.ui.Select(journey.visible(By.id("chat-model")))
                    .selectByVisibleText(journey.all(By.cssSelector("#chat-model option")).stream()
                            .map(option -> option.getText()).filter(text -> text.contains("sentiment"))
                            .findFirst().orElseThrow());
            journey.type(By.id("chat-message"), "What does the sentiment model do with a review?");
            journey.visible(By.id("chat-message")).sendKeys(org.openqa.selenium.Keys.ENTER);
            journey.sees(By.cssSelector("#chat-log article.chat-assistant:last-of-type .chat-body"), "review");
            journey.seesNo(By.cssSelector("#chat-log article.streaming"));
            journey.illustrate("chat", IMAGES.resolve("chat.png"));

            journey.open("/mlflow/experiments").click(By.partialLinkText("Sandbox demo"));
            journey.visible(By.cssSelector("a[href*='/mlflow/runs/']"));
            journey.illustrate("experiment", IMAGES.resolve("experiment.png"));
            journey.click(By.cssSelector("a[href*='/mlflow/runs/']")).visible(By.tagName("canvas"));
            journey.illustrate("run", IMAGES.resolve("run.png"));
            journey.open("/mlflow/models").click(By.partialLinkText("sandbox-demo-classifier"));
            journey.illustrate("model-registry", IMAGES.resolve("model-registry.png"));

            journey.open("/rag/models");
            journey.illustrate("rag-models", IMAGES.resolve("rag-models.png"));
        }
        try (var journey = Journey.start("user-guide-lead", profile, port)) {
            journey.signIn("lead", "lead-pass").open("/cost").visible(By.tagName("canvas"));
            journey.illustrate("costs", IMAGES.resolve("costs.png"));
            journey.open("/cost/estimate");
            journey.illustrate("cost-estimate", IMAGES.resolve("cost-estimate.png"));
        }
        try (var journey = Journey.start("user-guide-admin", profile, port)) {
            journey.signIn("admin", "admin-pass").open("/audit").sees(By.tagName("main"), "deployment");
            journey.illustrate("audit", IMAGES.resolve("audit.png"));
        }
        everyPictureShowsAPage();
    }

    /** A blank or single-colour picture has a handful of colours; a page with text and controls has hundreds. */
    private static void everyPictureShowsAPage() throws IOException {
        try (Stream<Path> pictures = Files.list(IMAGES)) {
            for (var picture : pictures.toList()) {
                var image = ImageIO.read(picture.toFile());
                var colours = new HashSet<Integer>();
                for (int y = 0; y < image.getHeight(); y += 3) {
                    for (int x = 0; x < image.getWidth(); x += 3) {
                        colours.add(image.getRGB(x, y));
                    }
                }
                assertThat(colours.size()).as("colours in %s", picture).isGreaterThan(50);
            }
        }
    }

    @Test
    void everyPictureTheGuideShowsIsOneThisTestTakes() throws IOException {
        var source = Files.readString(Path.of("src/test/java/dev/converge/portal/architecture/"
                + "UserGuideScreenshotsTests.java"));
        try (Stream<Path> pages = Files.list(GUIDE)) {
            for (var page : pages.filter(file -> file.toString().endsWith(".md")).toList()) {
                var links = IMAGE_LINK.matcher(Files.readString(page));
                while (links.find()) {
                    var name = links.group(1).substring("images/".length());
                    assertThat(source).as("%s shows %s", page, name).contains("\"" + name + "\"");
                }
            }
        }
    }
}
