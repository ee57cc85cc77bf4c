package dev.converge.portal.builds.web;

import static dev.converge.portal.security.SecurityMother.current;
import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import java.time.Duration;
import java.util.Map;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.BuildMother;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.security.ConfiguredUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The live log of a build over SSE, on the sandbox cluster (same settings as BuildsIntegrationTests: one context). */
@SpringBootTest(properties = {"portal.sandbox.build-duration=2s", "portal.sandbox.pod-start-delay=100ms",
        "portal.artifacts.max-size=12MB"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BuildLogStreamIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds service;

    BuildMother builds;

    @BeforeEach
    void mother() {
        builds = new BuildMother(artifacts, service);
    }

    @Test
    void eachLogLineReachesTheViewerAsARenderedEventAndTheEndIsAnnounced() throws Exception {
        var build = builds.started(current(users, "dev"), "log", Map.of());

        var response = open(build, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(response.getContentAsString()).contains("event:build-log-end"));
        assertThat(response.getContentAsString())
                .contains("id:1\nevent:build-log\ndata:<div class=\"log-line\">")
                .contains("Build finished: exit code 0");
    }

    @Test
    void aViewerReconnectingWithLastEventIdGetsOnlyTheLinesAfterIt() throws Exception {
        var build = builds.started(current(users, "dev"), "resume", Map.of());
        var first = open(build, null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(first.getContentAsString()).contains("event:build-log-end"));

        var resumed = open(build, "3");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(resumed.getContentAsString()).contains("event:build-log-end"));
        assertThat(resumed.getContentAsString()).doesNotContain("id:1\n", "id:2\n", "id:3\n").contains("id:4\n");
    }

    private MockHttpServletResponse open(String build, String lastEventId) throws Exception {
        var request = get("/ai-converge/builds/vision/" + build + "/logs/stream").with(signedInAs(users, "dev"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return mvc.perform(request).andExpect(request().asyncStarted()).andReturn().getResponse();
    }
}
