package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.converge.portal.PortalProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.filter.CorsFilter;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CorsPolicyTests {

    private static final String APP = "https://app.example.test";

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    FilterChainProxy filterChainProxy;

    @Test
    void byDefaultNoOriginIsAllowed() throws Exception {
        mvc.perform(get("/profile/tokens").header(HttpHeaders.ORIGIN, APP)
                        .with(SecurityMother.signedInAs(users, "dev")))
                .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
        mvc.perform(options("/profile/tokens").header(HttpHeaders.ORIGIN, APP)
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
    }

    @Test
    void thePortalChainAppliesThePolicy() {
        var request = new MockHttpServletRequest("GET", "/profile/tokens");
        var chain = filterChainProxy.getFilterChains().stream().filter(candidate -> candidate.matches(request))
                .findFirst().orElseThrow();

        assertThat(chain.getFilters()).hasAtLeastOneElementOfType(CorsFilter.class)
                .hasAtLeastOneElementOfType(BearerTokenAuthenticationFilter.class);
    }

    @Test
    void anAllowedOriginGetsCorsHeadersWithCredentials() throws Exception {
        var response = send(List.of(APP), actual(APP));

        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isEqualTo("true");
    }

    @Test
    void anotherOriginGetsNone() throws Exception {
        var response = send(List.of(APP), actual("https://evil.example.test"));

        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void aPreflightMayAskForTheApiMethodsAndHeaders() throws Exception {
        var preflight = new MockHttpServletRequest("OPTIONS", "/profile/tokens/7");
        preflight.addHeader(HttpHeaders.ORIGIN, APP);
        preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE");
        preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, last-event-id");

        var response = send(List.of(APP), preflight);

        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS))
                .contains("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS))
                .containsIgnoringCase("authorization").containsIgnoringCase("last-event-id");
    }

    @Test
    void aWildcardNeverAllowsCredentials() throws Exception {
        var response = send(List.of("*"), actual(APP));

        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNotNull();
        assertThat(response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isNull();
    }

    private static MockHttpServletRequest actual(String origin) {
        var request = new MockHttpServletRequest("GET", "/profile/tokens");
        request.addHeader(HttpHeaders.ORIGIN, origin);
        return request;
    }

    private static MockHttpServletResponse send(List<String> allowedOrigins, MockHttpServletRequest request)
            throws Exception {
        var filter = new CorsFilter(CorsPolicy.from(new PortalProperties.Cors(allowedOrigins)));
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
