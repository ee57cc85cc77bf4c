package dev.converge.portal.security;

import static dev.converge.portal.security.SecurityMother.SESSION_COOKIE;
import static dev.converge.portal.security.SecurityMother.sessionCookie;
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
        // The sign-in page keeps its CSRF token in a session: the anonymous one an attacker could have planted.
        var anonymous = sessionCookie(mvc.perform(get("/login")).andExpect(status().isOk()).andReturn());

        var signedIn = signIn(anonymous, "dev", "dev-pass");

        assertThat(signedIn.getValue()).isNotEqualTo(anonymous.getValue());
        mvc.perform(get("/profile").cookie(anonymous)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/profile").cookie(signedIn)).andExpect(status().isOk());
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        var session = signIn(null, "dev", "dev-pass");
        mvc.perform(get("/profile").cookie(session)).andExpect(status().isOk());

        mvc.perform(post("/logout").cookie(session).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login?logout"))
                .andExpect(cookie().maxAge(SESSION_COOKIE, 0));

        // Ended on the server, not only forgotten by the browser: the old cookie signs nobody in.
        mvc.perform(get("/profile").cookie(session)).andExpect(redirectedUrl("/login"));
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
        var session = signIn(null, "dev2", "dev2-pass");
        var page = mvc.perform(get("/profile").cookie(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        var token = meta(page, "_csrf");
        var header = meta(page, "_csrf_header");
        assertThat(header).isEqualTo("X-CSRF-TOKEN");

        mvc.perform(post("/profile/tokens").cookie(session).header(header, token)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"browser script\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("browser script"));
        mvc.perform(post("/profile/tokens").cookie(session)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"forged\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void signInAttemptsAreAudited() throws Exception {
        var stranger = "nobody-" + UUID.randomUUID();
        signIn(null, "viewer", "viewer-pass");
        mvc.perform(post("/login").param("username", stranger).param("password", "guess").with(csrf()))
                .andExpect(redirectedUrl("/login?error"));

        assertThat(audit.search(new AuditQuery("viewer", "auth.login", AuditOutcome.SUCCESS, 0, 10))).isNotEmpty();
        assertThat(audit.search(new AuditQuery(stranger, "auth.login", AuditOutcome.FAILURE, 0, 10)))
                .singleElement()
                .satisfies(event -> assertThat(event.detail()).doesNotContain("guess"));
    }

    /** Signs in, with the browser's session cookie if it has one, and returns the session cookie it gets back. */
    private Cookie signIn(Cookie session, String username, String password) throws Exception {
        var request = post("/login").param("username", username).param("password", password).with(csrf());
        if (session != null) {
            request.cookie(session);
        }
        return sessionCookie(mvc.perform(request)
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"))
                .andReturn());
    }

    private static String meta(String page, String name) {
        var matcher = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("meta " + name).isTrue();
        return matcher.group(1);
    }
}
