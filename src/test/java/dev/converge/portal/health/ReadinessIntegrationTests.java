package dev.converge.portal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The probes as Kubernetes calls them: anonymous, over HTTP, against the real database and the sandbox. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReadinessIntegrationTests {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessReportsTheDatabaseWithoutDetails() throws Exception {
        var response = awaitReady("/readiness");
        assertThat(response.body())
                .contains("\"status\":\"UP\"", "\"mode\":\"sandbox\"", "\"database\"", "Database reachable")
                .doesNotContain("details", "H2");
    }

    @Test
    void livenessIsPlain() throws Exception {
        var response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    /** Boot refuses to start when a probe group names an unknown contributor, so starting proves the bridge is in. */
    @Test
    void actuatorReadinessProbeRunsTheSameChecks() throws Exception {
        var response = awaitReady("/actuator/health/readiness");
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    /** Ready once the sandbox's caches have synced and object storage answered, seconds after start. */
    private HttpResponse<String> awaitReady(String path) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> get(path), response -> response.statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
