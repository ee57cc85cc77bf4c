package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A unit test on purpose: spring-security-test's {@code csrf()} swaps the repository inside a shared MockMvc context,
 * so only a direct test shows what the portal's own repository does.
 */
class BrowserCsrfTokenRepositoryTests {

    private final BrowserCsrfTokenRepository repository = new BrowserCsrfTokenRepository();

    @Test
    void aBrowserRequestKeepsItsTokenInTheSession() {
        var request = new MockHttpServletRequest();
        var token = repository.generateToken(request);

        repository.saveToken(token, request, new MockHttpServletResponse());

        assertThat(request.getSession(false)).isNotNull();
        assertThat(repository.loadToken(request).getToken()).isEqualTo(token.getToken());
    }

    @Test
    void aBearerRequestRendersATokenButNeverCreatesASession() {
        var request = new MockHttpServletRequest();
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer cvp_anything");
        var token = repository.generateToken(request);

        repository.saveToken(token, request, new MockHttpServletResponse());

        assertThat(request.getSession(false)).isNull();
        assertThat(repository.loadToken(request)).isNull();
    }
}
