package dev.converge.portal.builds.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.converge.portal.builds.BuildMother;
import dev.converge.portal.builds.BuildRequest;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.SecurityMother;
import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer's way from a model file to a deployment form, and a build they change their mind about, in
 * Chromium: what they see after each click, and what changes live without a reload. Builds take 3 s here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.sandbox.build-duration=3s", "portal.sandbox.pod-start-delay=500ms"})
@ActiveProfiles("test")
class BuildJourneyTests {

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @TempDir
    Path files;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds builds;

    @Autowired
    ConfiguredUsers users;

    @Test
    void uploadBuildWatchItSucceedLiveAndDeployThePinnedImage() throws IOException {
        var model = Files.write(files.resolve("model.onnx"), new byte[2 * 1024 * 1024]);
        var name = "journey-" + BuildMother.suffix();
        try (var journey = Journey.start("upload-build-deploy", profile, port)) {
            // the browser logs every 4xx answer; this one is the form with its field errors, shown to the person
            journey.expectConsoleError("/artifacts - Failed to load resource: the server responded with a status of 400");
            journey.signIn("dev", "dev-pass").open("/artifacts");
            journey.type(By.id("name"), "Bad name!").type(By.id("version"), "1");
            journey.driver().findElement(By.id("file")).sendKeys(model.toString());
            journey.click(By.cssSelector("#artifact-upload button[type=submit]"))
                    .sees(By.id("name-error"), "must start with a letter or digit")
                    .seesNo(By.id("upload-progress"));
            journey.step("bad-name-is-told-next-to-the-field");

            journey.type(By.id("name"), name);
            journey.driver().findElement(By.id("file")).sendKeys(model.toString());
            journey.click(By.cssSelector("#artifact-upload button[type=submit]"))
                    .isAt("/artifacts/teams/vision/" + name + "/1/model.onnx")
                    .sees(By.cssSelector(".alert"), "Uploaded teams/vision/" + name + "/1/model.onnx")
                    .sees(By.id("artifact-size"), "2.0 MiB");
            assertThat(journey.visible(By.id("artifact-size")).getAttribute("title")).isEqualTo("2,097,152 bytes");
            journey.step("uploaded-with-a-readable-size");

            journey.click(By.linkText("Build this artifact")).type(By.id("name"), name);
            journey.click(By.cssSelector("#build-form button[type=submit]")).isAt("/ai-converge/builds/vision/" + name);
            journey.script("window.notReloaded = true");
            journey.step("build-started");

            journey.sees(By.cssSelector("#build-row-vision-" + name + " .badge"), "Succeeded")
                    .sees(By.id("build-node"), "zone-")
                    .sees(By.cssSelector("#build-live .timeline"), "Created", "Scheduled", "Started", "Finished")
                    .sees(By.id("deploy-build"), "Deploy")
                    .seesNo(By.id("cancel-build"))
                    .sees(By.id("build-image"), "@sha256:");
            assertThat(journey.text(By.id("build-live"))).doesNotContain("null");
            assertThat(journey.script("return window.notReloaded")).as("followed live, no reload").isEqualTo(true);
            var image = journey.text(By.id("build-image"));
            assertThat(image).matches("registry\\.converge\\.local/vision/" + name + "@sha256:[0-9a-f]{64}");
            assertThat(journey.all(By.cssSelector("button[data-copy='#build-image']"))).hasSize(1);
            journey.step("succeeded-live-with-its-pinned-image");

            journey.click(By.id("deploy-build"));
            journey.sees(By.tagName("h1"), "Deploy a model");
            assertThat(journey.visible(By.id("image")).getAttribute("value")).isEqualTo(image);
            assertThat(journey.visible(By.id("modelUri")).getAttribute("value"))
                    .endsWith("/teams/vision/" + name + "/1/model.onnx").startsWith("s3://");
            journey.step("deployment-form-prefilled-with-the-build");
        }
    }

    /** A build no node can hold stays pending, so the cancel always finds it active. */
    @Test
    void cancelARunningBuildAfterConfirmingAndSeeItKeptAsCancelled() {
        var dev = SecurityMother.current(users, "dev");
        var name = "cancel-" + BuildMother.suffix();
        builds.create(dev, new BuildRequest("vision", name, new BuildMother(artifacts, builds).artifact(dev, "cancel"),
                "python:3.11-slim", "python package.py", new BuildRequest.Resources("1", "1Gi", 8), Map.of(), null,
                null));
        try (var journey = Journey.start("cancel-build", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/ai-converge/builds/vision/" + name);
            journey.sees(By.cssSelector("#build-row-vision-" + name + " .badge"), "Pending");
            journey.step("pending-build");

            journey.click(By.id("cancel-build")).isAt("/ai-converge/builds/vision/" + name + "/cancel")
                    .sees(By.tagName("h1"), "Cancel build vision/" + name + "?");
            journey.step("asked-to-confirm");

            journey.click(By.id("confirm-cancel")).isAt("/ai-converge/builds")
                    .sees(By.cssSelector(".alert"), "Build cancelled")
                    .sees(By.id("build-vision-" + name), "Cancelled", "Cancelled by dev at");
            journey.step("kept-on-the-board-as-cancelled");
        }
    }
}
