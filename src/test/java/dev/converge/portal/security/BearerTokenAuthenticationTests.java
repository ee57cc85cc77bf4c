package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BearerTokenAuthenticationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBearerTokenAuthenticatesAJsonGetWithoutCreatingASession() throws Exception {
        var issued = issue("dev2", "list tokens");

        var result = mvc.perform(get("/profile/tokens").header(HttpHeaders.AUTHORIZATION, bearer(issued))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == %d)].name", issued.token().id()).value("list tokens"))
                .andExpect(jsonPath("$[*].username").value(org.hamcrest.Matchers.everyItem(
                        org.hamcrest.Matchers.is("dev2"))))
                .andReturn();

        assertThat(result.getRequest().getSession(false)).isNull();
        assertThat(result.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
        assertThat(result.getResponse().getContentAsString()).doesNotContain("hash", issued.plaintext());
    }

    @Test
    void aBearerTokenPostsWithoutACsrfToken() throws Exception {
        var issued = issue("dev", "automation");

        mvc.perform(post("/profile/tokens").header(HttpHeaders.AUTHORIZATION, bearer(issued))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"made by a script\", \"expiresInDays\": 7}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("made by a script"))
                .andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.startsWith("cvp_")));
    }

    @Test
    void theTokensRolesApply() throws Exception {
        var issued = issue("viewer", "viewer script");

        mvc.perform(get("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, bearer(issued)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        var issued = issue("dev", "revoked");
        tokens.revoke(SecurityMother.current(users, "dev"), issued.token().id());

        expectRefused(bearer(issued));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        var issued = issue("dev", "expired");
        ApiTokensTests.expire(jdbc, issued.token().id());

        expectRefused(bearer(issued));
    }

    @Test
    void anUnknownTokenIsRefusedEvenNextToASignedInSession() throws Exception {
        mvc.perform(get("/profile/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer cvp_forged")
                        .with(SecurityMother.signedInAs(users, "admin"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aRevokedTokenCannotPostEither() throws Exception {
        var issued = issue("dev", "revoked writer");
        tokens.revoke(SecurityMother.current(users, "dev"), issued.token().id());

        mvc.perform(post("/profile/tokens").header(HttpHeaders.AUTHORIZATION, bearer(issued))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\"}"))
                .andExpect(status().isUnauthorized());
    }

    private void expectRefused(String authorization) throws Exception {
        mvc.perform(get("/profile/tokens").header(HttpHeaders.AUTHORIZATION, authorization)
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.instance").value("/profile/tokens"));
    }

    private IssuedToken issue(String username, String name) {
        return tokens.create(SecurityMother.current(users, username), name, null);
    }

    private static String bearer(IssuedToken issued) {
        return "Bearer " + issued.plaintext();
    }
}
