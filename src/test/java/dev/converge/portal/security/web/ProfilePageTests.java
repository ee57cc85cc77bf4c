package dev.converge.portal.security.web;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.regex.Pattern;

import dev.converge.portal.security.ApiToken;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.SecurityMother;
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
class ProfilePageTests {

    private static final Pattern TOKEN = Pattern.compile("cvp_[A-Za-z0-9_-]{43}");

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    ApiTokens tokens;

    @Test
    void showsWhoTheUserIsInTheLayout() throws Exception {
        mvc.perform(get("/profile").with(signedInAs(users, "lead")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<dd id=\"profile-username\">lead</dd>")))
                .andExpect(content().string(containsString("<dd id=\"profile-role\">team lead</dd>")))
                .andExpect(content().string(containsString("<dd id=\"profile-teams\">vision</dd>")))
                .andExpect(content().string(containsString("<dd id=\"profile-namespaces\">vision</dd>")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void aNewTokenIsShownOnceAfterCreation() throws Exception {
        var session = SecurityMother.sessionCookie(mvc.perform(post("/profile/tokens")
                        .with(signedInAs(users, "dev2")).with(csrf())
                        .param("name", "notebook").param("expiresInDays", "30"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/profile"))
                .andReturn());

        var firstView = mvc.perform(get("/profile").cookie(session).with(signedInAs(users, "dev2")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"new-token\"")))
                .andReturn().getResponse().getContentAsString();
        var matcher = TOKEN.matcher(firstView);
        assertThat(matcher.find()).as("the new token is on the page").isTrue();
        var token = matcher.group();
        assertThat(tokens.authenticate(token)).isPresent();

        mvc.perform(get("/profile").cookie(session).with(signedInAs(users, "dev2")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString(token))))
                .andExpect(content().string(not(containsString("id=\"new-token\""))))
                .andExpect(content().string(containsString("notebook")))
                .andExpect(content().string(containsString(token.substring(0, 12) + "…")));
    }

    @Test
    void aBadNameIsExplainedNextToTheField() throws Exception {
        mvc.perform(post("/profile/tokens").with(signedInAs(users, "dev")).with(csrf())
                        .param("name", " ").param("expiresInDays", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(
                        "<p id=\"token-name-error\" class=\"field-error\">Enter a name for the token.</p>")))
                .andExpect(content().string(containsString("aria-invalid=\"true\"")));

        mvc.perform(post("/profile/tokens").with(signedInAs(users, "dev")).with(csrf())
                        .param("name", "x".repeat(101)))
                .andExpect(content().string(containsString("Use at most 100 characters.")));
    }

    @Test
    void aBadExpiryIsExplainedNextToTheField() throws Exception {
        for (var days : new String[] {"0", "366", "soon"}) {
            mvc.perform(post("/profile/tokens").with(signedInAs(users, "dev")).with(csrf())
                            .param("name", "ok").param("expiresInDays", days))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("<p id=\"token-expiry-error\" class=\"field-error\">"
                            + "Enter a whole number of days from 1 to 365.</p>")));
        }
    }

    @Test
    void revokingWithoutJavaScriptRedirectsBackToTheProfile() throws Exception {
        var issued = tokens.create(SecurityMother.current(users, "viewer"), "to revoke", null);

        mvc.perform(post("/profile/tokens/{id}/revoke", issued.token().id())
                        .with(signedInAs(users, "viewer")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/profile"));

        assertThat(tokens.authenticate(issued.plaintext())).isEmpty();
    }

    @Test
    void revokingWithHtmxSwapsTheTokenTable() throws Exception {
        var issued = tokens.create(SecurityMother.current(users, "viewer"), "htmx revoke", null);

        mvc.perform(post("/profile/tokens/{id}/revoke", issued.token().id()).header("HX-Request", "true")
                        .with(signedInAs(users, "viewer")).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<div id=\"token-table\">")))
                .andExpect(content().string(not(containsString("<html"))))
                .andExpect(content().string(containsString("revoked")));
    }

    @Test
    void theRevokeFormWorksWithAndWithoutHtmx() throws Exception {
        var issued = tokens.create(SecurityMother.current(users, "lead"), "form check", null);

        mvc.perform(get("/profile").with(signedInAs(users, "lead")))
                .andExpect(content().string(containsString(
                        "action=\"/profile/tokens/" + issued.token().id() + "/revoke\"")))
                .andExpect(content().string(containsString(
                        "hx-post=\"/profile/tokens/" + issued.token().id() + "/revoke\"")));
    }

    @Test
    void jsonClientsCreateAndListTokens() throws Exception {
        var body = mvc.perform(post("/profile/tokens").with(signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"json client\", \"expiresInDays\": 10}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").isNumber())
                .andExpect(jsonPath("$.name").value("json client"))
                .andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.matchesPattern(TOKEN)))
                .andExpect(jsonPath("$.prefix").value(org.hamcrest.Matchers.startsWith("cvp_")))
                .andExpect(jsonPath("$.createdAt").isString())
                .andExpect(jsonPath("$.expiresAt").isString())
                .andReturn().getResponse().getContentAsString();
        var token = TOKEN.matcher(body).results().findFirst().orElseThrow().group();

        var list = mvc.perform(get("/profile/tokens").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.name == 'json client')].status").value("ACTIVE"))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain(token, "hash");
    }

    @Test
    void jsonClientsGetTheBadFieldAsProblemJson() throws Exception {
        mvc.perform(post("/profile/tokens").with(signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"\", \"expiresInDays\": 400}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors.name").value("Enter a name for the token."))
                .andExpect(jsonPath("$.errors.expiresInDays")
                        .value("Enter a whole number of days from 1 to 365."));
    }

    @Test
    void jsonClientsRevokeOnlyTheirOwnTokens() throws Exception {
        var mine = tokens.create(SecurityMother.current(users, "dev2"), "mine", null);

        mvc.perform(delete("/profile/tokens/{id}", mine.token().id()).with(signedInAs(users, "dev")).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/profile/tokens/{id}", mine.token().id()).with(signedInAs(users, "dev2")).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNoContent());

        assertThat(tokens.list(SecurityMother.current(users, "dev2")))
                .filteredOn(token -> token.id() == mine.token().id())
                .singleElement().extracting(ApiToken::status).isEqualTo(ApiToken.Status.REVOKED);
    }
}
