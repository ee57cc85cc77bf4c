package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Requests Tomcat refuses before the portal sees them (an encoded slash, a NUL, an over-long URL) still get the
 * portal's own short answer with the security headers, never Tomcat's default page. Sent over a raw socket: MockMvc
 * never reaches Tomcat, and HTTP clients refuse to send some of these.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ContainerErrorPagesIntegrationTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/deployments/a%2Fb", "/deployments/a%00b", "/LONG"})
    void refusedRequestsGetThePortalsPageWithTheSecurityHeaders(String path) throws IOException {
        var response = send(path, "text/html");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertSecurityHeaders(response);
        assertThat(response).contains("Content-Type: text/html").doesNotContain("Apache Tomcat")
                .contains("That request cannot be used");
    }

    /** An over-long request line is refused before its headers are read, so its Accept is unknown: it gets the page. */
    @ParameterizedTest
    @ValueSource(strings = {"/deployments/a%2Fb", "/deployments/a%00b"})
    void apiClientsGetProblemJson(String path) throws IOException {
        var response = send(path, "application/json");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertSecurityHeaders(response);
        assertThat(response).contains("Content-Type: application/problem+json").contains("\"status\":400")
                .contains("\"detail\":");
    }

    private static void assertSecurityHeaders(String response) {
        var headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertThat(headers).contains("content-security-policy: default-src 'self'")
                .contains("frame-ancestors 'self'")
                .contains("x-content-type-options: nosniff")
                .contains("x-frame-options: sameorigin")
                .contains("referrer-policy: strict-origin-when-cross-origin");
    }

    private String send(String path, String accept) throws IOException {
        var target = path.equals("/LONG") ? "/deployments?q=" + "x".repeat(20_000) : path;
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
