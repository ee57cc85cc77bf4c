package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.util.List;

import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.SecurityMother;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The content-negotiation rule of docs/api.md, on the whole application: who gets HTML and who gets JSON. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ContentNegotiationIntegrationTests {

    /** What Chromium sends for a page load. */
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    static final String BROWSER_CSV = "'" + BROWSER + "'";

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    ApiTokens tokens;

    @ParameterizedTest
    @CsvSource({"/actuator/health, " + BROWSER_CSV, "/actuator/health/liveness, " + BROWSER_CSV,
            "/actuator/health, text/html", "/actuator/health/readiness, text/html", "/health, text/html",
            "/readiness, text/html", "/actuator/health, ''"})
    void healthAnswersABrowserWithJson(String path, String accept) throws Exception {
        var request = get(path).with(user(users.loadUserByUsername("admin")));
        if (!accept.isEmpty()) {
            request.header(HttpHeaders.ACCEPT, accept);
        }
        mvc.perform(request)
                .andExpect(status().is(org.hamcrest.Matchers.oneOf(200, 503)))
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, containsString("json")))
                .andExpect(jsonPath("$.status").exists());
    }

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    /** Who gets what from a URL with a page and an API, for each row of the rule's table in docs/api.md. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "htmx, */*               | true  | false | */*              | text/html",
            "htmx, JSON              | true  | false | application/json | text/html",
            "browser                 | false | false | " + BROWSER + "  | text/html",
            "session, */*            | false | false | */*              | text/html",
            "session, no Accept      | false | false | ''               | text/html",
            "bearer, */*             | false | true  | */*              | application/json",
            "bearer, no Accept       | false | true  | ''               | application/json",
            "Accept application/json | false | false | application/json | application/json"})
    void eachKindOfClientGetsItsRepresentation(String client, boolean htmx, boolean bearer, String accept,
                                               String expected) throws Exception {
        var request = get("/deployments?q=x&sort=-name");
        if (bearer) {
            var issued = tokens.create(SecurityMother.current(users, "dev"), "negotiation " + client, null);
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext());
        } else {
            request.with(user(users.loadUserByUsername("dev")));
        }
        if (htmx) {
            request.header("HX-Request", "true");
        }
        if (!accept.isEmpty()) {
            request.header(HttpHeaders.ACCEPT, accept);
        }
        mvc.perform(request)
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, containsString(expected)));
    }

    /** The probes as an admin opens them in a real browser: JSON shown, not an error page. */
    @Test
    void actuatorHealthOpensInABrowser() {
        try (var chromium = HeadlessChromium.startOrSkip(profile, port)) {
            chromium.signIn("admin", "admin-pass");
            for (var path : List.of("/actuator/health", "/actuator/health/liveness")) {
                chromium.open(path);
                assertThat(chromium.driver().findElement(By.tagName("body")).getText()).as(path)
                        .contains("\"status\"");
            }
        }
    }

}
