package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;

import dev.converge.portal.health.ReadinessService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Object storage that does not answer at start: the portal still starts, every page carries a plain banner, and
 * readiness says DOWN — no stack trace anywhere.
 */
@SpringBootTest(properties = {
        "portal.storage.endpoint=http://127.0.0.1:9",
        "portal.storage.access-key=unused",
        "portal.storage.secret-key=unused"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class UnreachableBackendTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ReadinessService readiness;

    @Test
    void pagesRenderWithABannerAndReadinessIsDown() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                readiness.recent().downSummaries().contains("Object storage unreachable"));

        var page = mvc.perform(get("/").accept(MediaType.TEXT_HTML).with(user("dev").roles("DEVELOPER")))
                .andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("Object storage unreachable").doesNotContain("Exception");

        var probe = mvc.perform(get("/readiness")).andReturn().getResponse();
        assertThat(probe.getStatus()).isEqualTo(503);
        assertThat(probe.getContentAsString()).contains("\"status\":\"DOWN\"", "\"objectStorage\"");
    }
}
