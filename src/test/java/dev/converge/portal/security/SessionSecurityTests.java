package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SessionSecurityTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    AuditLog audit;

    @Test
    void signingInChangesTheSessionId() throws Exception {
        var session = new MockHttpSession();
        var anonymousId = session.getId();

        signIn(session, "dev", "dev-pass");

        assertThat(session.isInvalid()).isFalse();
        assertThat(session.getId()).isNotEqualTo(anonymousId);
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        var session = signIn(new MockHttpSession(), "dev", "dev-pass");

        mvc.perform(post("/logout").session(session).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login?logout"))
                .andExpect(cookie().maxAge("JSESSIONID", 0));

        assertThat(session.isInvalid()).isTrue();
        mvc.perform(get("/profile").session(new MockHttpSession()))
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void nothingIsRememberedBeyondTheSession() throws Exception {
        var result = mvc.perform(post("/login").param("username", "dev").param("password", "dev-pass")
                        .param("remember-me", "on").with(csrf()))
                .andReturn();

        assertThat(Arrays.stream(result.getResponse().getCookies()).map(Cookie::getName))
                .doesNotContain("remember-me");
        mvc.perform(get("/login")).andExpect(content().string(org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.containsString("remember"))));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/profile/tokens").with(SecurityMother.signedInAs(users, "dev"))
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("name", "no csrf"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/profile/tokens").with(SecurityMother.signedInAs(users, "dev"))
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"no csrf\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aPostWithTheCsrfTokenIsAccepted() throws Exception {
        mvc.perform(post("/profile/tokens").with(SecurityMother.signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("name", "with csrf"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/profile"));
    }

    @Test
    void aSessionJsonClientSendsTheTokenFromTheMetaTagsAsAHeader() throws Exception {
        var session = signIn(new MockHttpSession(), "dev2", "dev2-pass");
        var page = mvc.perform(get("/profile").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        var token = meta(page, "_csrf");
        var header = meta(page, "_csrf_header");
        assertThat(header).isEqualTo("X-CSRF-TOKEN");

        mvc.perform(post("/profile/tokens").session(session).header(header, token)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"browser script\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("browser script"));
        mvc.perform(post("/profile/tokens").session(session)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"forged\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void signInAttemptsAreAudited() throws Exception {
        var stranger = "nobody-" + UUID.randomUUID();
        signIn(new MockHttpSession(), "viewer", "viewer-pass");
        mvc.perform(post("/login").param("username", stranger).param("password", "guess").with(csrf()))
                .andExpect(redirectedUrl("/login?error"));

        assertThat(audit.search(new AuditQuery("viewer", "auth.login", AuditOutcome.SUCCESS, 0, 10))).isNotEmpty();
        assertThat(audit.search(new AuditQuery(stranger, "auth.login", AuditOutcome.FAILURE, 0, 10)))
                .singleElement()
                .satisfies(event -> assertThat(event.detail()).doesNotContain("guess"));
    }

    private MockHttpSession signIn(MockHttpSession session, String username, String password) throws Exception {
        mvc.perform(post("/login").session(session).param("username", username).param("password", password)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));
        return session;
    }

    private static String meta(String page, String name) {
        var matcher = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("meta " + name).isTrue();
        return matcher.group(1);
    }
}
