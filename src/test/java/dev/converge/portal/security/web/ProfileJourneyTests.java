package dev.converge.portal.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A developer creates an access token on the profile page, copies it, and it is gone after a reload. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProfileJourneyTests {

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @Test
    void aNewTokenIsShownInFullOnceWithACopyButton() {
        try (var journey = Journey.start("profile-token", profile, port)) {
            journey.signIn("dev", "dev-pass").click(By.cssSelector(".user-name")).isAt("/profile")
                    .sees(By.id("main"), "Your profile", "developer");
            journey.step("profile");

            journey.type(By.id("token-name"), "journey laptop").click(By.cssSelector("#token-form button"))
                    .sees(By.id("new-token"), "shown only", "Copy");
            var token = journey.text(By.id("new-token-value"));
            assertThat(token).startsWith("cvp_").doesNotContain("…");
            var shown = journey.visible(By.id("new-token-value"));
            assertThat(shown.getSize().getWidth()).as("the whole token is visible")
                    .isGreaterThanOrEqualTo(((Number) journey.script(
                            "return document.getElementById('new-token-value').scrollWidth")).intValue());
            assertThat(shown.getCssValue("font-family")).containsIgnoringCase("mono");
            journey.script("window.copied = null; navigator.clipboard.writeText = function (text) {"
                    + " window.copied = text; return Promise.resolve(); };");
            journey.click(By.id("copy-token")).sees(By.id("copy-token"), "Copied");
            assertThat(journey.script("return window.copied")).isEqualTo(token);
            journey.step("token-created");

            journey.driver().navigate().refresh();
            journey.sees(By.id("token-table"), "journey laptop").seesNo(By.id("new-token"));
            assertThat(journey.text(By.id("main"))).doesNotContain(token);
            journey.step("after-reload");
        }
    }
}
