package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What only a real browser can show: htmx and its SSE extension load under the portal's Content-Security-Policy
 * without console errors, htmx requests carry the CSRF token, and a refused htmx request shows its alert.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HtmxBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog auditLog;

    @TempDir
    Path profile;

    HeadlessChromium chromium;

    ChromeDriver browser;

    @BeforeEach
    void startChromium() {
        chromium = HeadlessChromium.startOrSkip(profile, port);
        browser = chromium.driver();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }
    @Test
    void htmxFiltersTheAuditTrailAndCarriesTheCsrfToken() {
        auditLog.record("dev", "deployment.create", "deployment/vision/llama", AuditOutcome.SUCCESS, null);
        auditLog.record("lead", "cost.budget", "team/vision", AuditOutcome.DENIED, null);
        signInAsAdmin();
        browser.get(url("/audit"));

        assertThat(script("return typeof htmx")).isEqualTo("object");
        assertThat(script("return document.querySelector('script[src*=\"htmx-ext-sse\"]') !== null")).isEqualTo(true);
        assertThat(severeConsoleMessages()).isEmpty();

        script("""
                window.pageNotReloaded = true;
                document.addEventListener('htmx:beforeSend', function (event) {
                  window.sentCsrf = event.detail.requestConfig.headers[
                      document.querySelector('meta[name="_csrf_header"]').content];
                });""");
        browser.findElement(By.id("actor")).sendKeys("lead");
        browser.findElement(By.cssSelector("form[role=search] button[type=submit]")).click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("#audit-results tbody tr"))).hasSize(1));
        assertThat(browser.findElement(By.cssSelector("#audit-results tbody")).getText()).contains("cost.budget");
        assertThat(script("return window.pageNotReloaded")).as("swapped by htmx, not reloaded").isEqualTo(true);
        assertThat(browser.getCurrentUrl()).contains("actor=lead");
        assertThat(script("return window.sentCsrf"))
                .isEqualTo(script("return document.querySelector('meta[name=\"_csrf\"]').content"));
        assertThat(severeConsoleMessages()).isEmpty();
    }

    @Test
    void anHtmxPostIsAcceptedWithTheTokenAndARefusalLandsInTheAlerts() {
        signInAsAdmin();
        browser.get(url("/audit"));

        // A wrong token: Spring Security refuses, and the error handler's alert is swapped into #alerts
        script("""
                var meta = document.querySelector('meta[name="_csrf"]');
                window.realToken = meta.content;
                meta.content = 'not-the-token';
                htmx.ajax('POST', '/logout', {target: '#audit-results'});""");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.findElement(By.id("alerts")).getText()).contains("Not allowed"));
        assertThat(browser.findElements(By.id("audit-results"))).hasSize(1);

        // The real token: the same htmx POST signs the user out
        script("""
                document.querySelector('meta[name="_csrf"]').content = window.realToken;
                htmx.ajax('POST', '/logout', {target: '#audit-results'});""");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            browser.get(url("/audit"));
            assertThat(browser.getCurrentUrl()).contains("/login");
        });
    }

    private void signInAsAdmin() {
        chromium.signIn("admin", "admin-pass");
    }

    private Object script(String source) {
        return chromium.script(source);
    }

    private java.util.List<String> severeConsoleMessages() {
        return chromium.severeConsoleMessages();
    }

    private String url(String path) {
        return chromium.url(path);
    }
}
