package dev.converge.portal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A developer of a team that has nothing yet is shown where to start, and the path follows what they do. */
// A list property set here replaces the test profile's whole list of users: only the newcomer signs in.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.security.users[0].username=newcomer",
        "portal.security.users[0].password={noop}newcomer-pass",
        "portal.security.users[0].roles=DEVELOPER",
        "portal.security.users[0].teams=newteam"})
@ActiveProfiles("test")
class GetStartedJourneyTests {

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @TempDir
    Path files;

    @Test
    void aNewTeamSeesTheGetStartedPathAndTheFirstStepIsDoneAfterAnUpload() throws IOException {
        var model = Files.writeString(files.resolve("model.onnx"), "weights");
        try (var journey = Journey.start("get-started", profile, port)) {
            journey.signIn("newcomer", "newcomer-pass").open("/")
                    .sees(By.id("get-started"), "Upload a model artifact", "Build it", "Deploy it",
                            "Chat with it");
            assertThat(journey.all(By.cssSelector("#get-started li.done"))).as("nothing done yet").isEmpty();
            journey.step("nothing-yet");

            journey.click(By.cssSelector("#get-started a[href='/artifacts']")).isAt("/artifacts");
            journey.type(By.id("name"), "first-model").type(By.id("version"), "1");
            journey.visible(By.id("file"));
            journey.driver().findElement(By.id("file")).sendKeys(model.toString());
            journey.step("upload-form");
            journey.click(By.cssSelector("#artifact-upload button[type=submit]"))
                    .isAt("/artifacts/teams/newteam/first-model/1/model.onnx");

            journey.click(By.linkText("Home"))
                    .sees(By.cssSelector("#get-started li.done"), "Upload a model artifact");
            assertThat(journey.all(By.cssSelector("#get-started li.done"))).hasSize(1);
            journey.step("first-step-done");
        }
    }
}
