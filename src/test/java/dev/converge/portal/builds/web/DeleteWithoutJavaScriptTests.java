package dev.converge.portal.builds.web;

import static dev.converge.portal.security.SecurityMother.current;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.BuildMother;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Deleting a build and an artifact in a browser without JavaScript: the Delete link opens a confirmation page whose
 * form does the delete; its other link leaves everything as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DeleteWithoutJavaScriptTests {

    @LocalServerPort
    int port;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds builds;

    @Autowired
    KubernetesClient kubernetes;

    WebClient browser;
    BuildMother mother;
    CurrentUser dev;

    @BeforeEach
    void openBrowser() throws Exception {
        mother = new BuildMother(artifacts, builds);
        dev = current(users, "dev");
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        HtmlPage login = browser.getPage(url("/login"));
        HtmlForm form = login.getFirstByXPath("//form[@method='post']");
        form.getInputByName("username").setValue("dev");
        form.getInputByName("password").setValue("dev-pass");
        form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aBuildIsDeletedAfterTheConfirmationPageAndKeptWhenTheUserBacksOut() throws Exception {
        var name = mother.started(dev, "confirm", Map.of());

        var confirmation = clickDelete(browser.getPage(url("/ai-converge/builds/vision/" + name)), "delete-build");
        assertThat(confirmation.getUrl().getPath()).isEqualTo("/ai-converge/builds/vision/" + name + "/delete");
        assertThat(confirmation.querySelector("h1").getTextContent()).contains("vision/" + name);
        HtmlPage kept = confirmation.<HtmlAnchor>querySelector("#confirm-delete a").click();
        assertThat(kept.getUrl().getPath()).isEqualTo("/ai-converge/builds/vision/" + name);
        assertThat(kubernetes.pods().inNamespace("vision").withName(name).get()).isNotNull();

        HtmlPage board = confirm(clickDelete(kept, "delete-build"));

        assertThat(board.getUrl().getPath()).isEqualTo("/ai-converge/builds");
        assertThat(board.asNormalizedText()).contains("Build deleted.");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kubernetes.pods().inNamespace("vision").withName(name).get()).isNull());
    }

    @Test
    void anArtifactIsDeletedAfterTheConfirmationPage() throws Exception {
        var key = mother.artifact(dev, "confirm");

        var confirmation = clickDelete(browser.getPage(url("/artifacts/" + key)), "delete-artifact");
        assertThat(confirmation.getUrl().getPath()).isEqualTo("/artifacts/" + key + "/delete");
        HtmlPage list = confirm(confirmation);

        assertThat(list.getUrl().getPath()).isEqualTo("/artifacts");
        assertThat(list.asNormalizedText()).contains("Deleted " + key);
        assertThat(artifacts.list(dev, "vision", key.split("/")[2], 0, 20).items()).isEmpty();
    }

    private static HtmlPage clickDelete(HtmlPage page, String id) throws Exception {
        return page.<HtmlAnchor>getHtmlElementById(id).click();
    }

    private static HtmlPage confirm(HtmlPage confirmation) throws Exception {
        return confirmation.getHtmlElementById("confirm-delete")
                .getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
