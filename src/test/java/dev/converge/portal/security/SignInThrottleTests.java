package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Password guessing through the sign-in form: after five failures the account is locked, the right password is
 * refused too, the page says for how long, an unknown name gets exactly the same answer, and refusals are audited.
 * Each test signs in from its own made-up address, so the shared context's other sign-ins are not affected.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SignInThrottleTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog audit;

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheRightOneIsRefusedToo() throws Exception {
        for (int i = 0; i < 5; i++) {
            signIn("lead", "guess-" + i, "10.20.0.1")
                    .andExpect(redirectedUrl("/login?error"));
        }

        signIn("lead", "lead-pass", "10.20.0.2")
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?locked=1"));
        mvc.perform(get("/login").param("locked", "1"))
                .andExpect(content().string(containsString("Too many failed sign-ins. Try again in 1 minute.")));
        var denied = audit.search(new AuditQuery("lead", "auth.login", AuditOutcome.DENIED, 0, 10));
        assertThat(denied).isNotEmpty();
        assertThat(denied.get(0).detail()).contains("too many failed sign-ins");
    }

    @Test
    void anUnknownNameIsLockedExactlyLikeAKnownOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            signIn("no-such-user", "guess-" + i, "10.21.0.1")
                    .andExpect(redirectedUrl("/login?error"));
        }

        signIn("no-such-user", "anything", "10.21.0.2")
                .andExpect(redirectedUrl("/login?locked=1"));
    }

    @Test
    void oneAddressGuessingManyNamesIsLocked() throws Exception {
        for (int i = 0; i < 20; i++) {
            signIn("spray-" + i, "guess", "10.22.0.1")
                    .andExpect(redirectedUrl("/login?error"));
        }

        signIn("viewer", "viewer-pass", "10.22.0.1")
                .andExpect(redirectedUrl("/login?locked=1"));
        signIn("viewer", "viewer-pass", "10.22.0.9")
                .andExpect(authenticated());
    }

    private ResultActions signIn(String username, String password, String address) throws Exception {
        RequestPostProcessor from = request -> {
            request.setRemoteAddr(address);
            return request;
        };
        return mvc.perform(post("/login").param("username", username).param("password", password)
                .with(csrf()).with(from));
    }
}
