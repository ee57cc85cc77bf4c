package dev.converge.portal.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.converge.portal.shared.web.HeadlessChromium;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The home dashboard follows the cluster over the live stream: no reload, no polling. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LiveHomeBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    KubernetesClient kubernetes;

    @TempDir
    Path profile;

    HeadlessChromium chromium;

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void buildCountsChangeWithoutAReloadWhenABuildPodIsCreated() {
        chromium = HeadlessChromium.startOrSkip(profile, port);
        chromium.signIn("dev", "dev-pass");
        chromium.open("/");
        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                chromium.driver().findElement(By.id("live-connection")).getAttribute("data-state"))
                .isEqualTo("connected"));
        assertThat(chromium.driver().findElement(By.tagName("main")).getText())
                .contains("Builds in vision", "Deployments in vision");
        chromium.script("window.notReloaded = true");
        int before = totalBuilds();

        kubernetes.pods().inNamespace("vision").resource(new PodBuilder()
                .withNewMetadata().withName("live-home-build").addToLabels("converge.dev/kind", "build").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("build").withImage("python:3.12").endContainer().endSpec()
                .build()).create();

        await().ignoreException(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(totalBuilds()).isEqualTo(before + 1));
        assertThat(chromium.script("return window.notReloaded")).as("updated in place").isEqualTo(true);
        assertThat(chromium.driver().findElements(By.id("build-counts-language")))
                .as("another team's namespace is not shown").isEmpty();
        assertThat(chromium.severeConsoleMessages()).isEmpty();
    }

    private int totalBuilds() {
        return chromium.driver().findElements(By.cssSelector("#build-counts-vision .status-count")).stream()
                .mapToInt(count -> Integer.parseInt(count.getText().trim()))
                .sum();
    }
}
