package dev.converge.portal.security;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SecurityHeadersTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/profile"})
    void pagesCarryTheSecurityHeadersAndAreNeverCached(String path) throws Exception {
        expectSecurityHeaders(mvc.perform(get(path).with(SecurityMother.signedInAs(users, "viewer"))))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/js/portal.js", "/webjars/htmx.org/dist/htmx.min.js", "/webjars/htmx-ext-sse/sse.js"})
    void staticAssetsAreCacheable(String path) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", allOf(containsString("max-age=604800"),
                        not(containsString("no-store")))))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }

    @Test
    void svgAssetsCarryTheContentSecurityPolicy() throws Exception {
        expectSecurityHeaders(mvc.perform(get("/assets/images/favicon.svg"))).andExpect(status().isOk());
    }

    private static ResultActions expectSecurityHeaders(ResultActions result) throws Exception {
        return result
                .andExpect(header().string("Content-Security-Policy", allOf(
                        containsString("default-src 'self'"), containsString("script-src 'self'"),
                        containsString("frame-ancestors 'self'"),
                        not(containsString("unsafe-inline")), not(containsString("http")))))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "SAMEORIGIN"))
                .andExpect(header().string("Referrer-Policy", "strict-origin-when-cross-origin"));
    }
}
