package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.SecurityMother;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The probes of issue 10 that once answered 500 (or a misleading status): each hostile or malformed request, sent over
 * a real port as an API client would, gets a 4xx problem+json that says what is wrong, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HostileInputIntegrationTests {

    private static final String LONG = "a".repeat(10 * 1024);
    private static final String BOUNDARY = "hostile-boundary";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    JsonMapper json;

    private String token;

    @BeforeEach
    void issueToken() {
        token = tokens.create(SecurityMother.current(users, "dev"), "hostile probes", 1).plaintext();
    }

    /** A request, the status it must get, and the field its {@code errors} must name (null: none required). */
    record Probe(String name, String method, String path, String contentType, byte[] body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Probe> probes() {
        return Stream.of(
                jsonProbe("10 KB deployment name", "POST", "/deployments", """
                        {"namespace":"vision","name":"%s","image":"registry.local/x:1"}""".formatted(LONG), 400, "name"),
                jsonProbe("10 KB build name", "POST", "/ai-converge/build", """
                        {"namespace":"vision","name":"%s","artifact":"teams/vision/m/1/m.bin",
                         "baseImage":"python:3.11-slim","command":"true"}""".formatted(LONG), 400, "name"),
                jsonProbe("10 KB token name", "POST", "/profile/tokens", """
                        {"name":"%s"}""".formatted(LONG), 400, "name"),
                multipartProbe("10 KB artifact name", multipart(Map.of("namespace", "vision", "name", LONG,
                        "version", "1"), "model.bin", true), 400, "name"),
                multipartProbe("10 KB upload file name", multipart(Map.of("namespace", "vision", "name", "m",
                        "version", "1"), LONG + ".bin", true), 400, "file"),
                multipartProbe("NUL byte in the file name", multipart(Map.of("namespace", "vision", "name", "m",
                        "version", "1"), "model\u0000.bin", true), 400, "file"),
                multipartProbe("multipart without a closing boundary", multipart(Map.of("namespace", "vision",
                        "name", "m", "version", "1"), "model.bin", false), 400, null),
                new Probe("GET /error directly", "GET", "/error", null, null, 404, null),
                jsonProbe("fractional replicas", "POST", "/deployments", """
                        {"namespace":"vision","name":"frac","image":"registry.local/x:1","replicas":1.5}""", 400,
                        "replicas"),
                jsonProbe("fractional scale", "POST", "/deployments/vision/frac/scale", """
                        {"replicas":1.7}""", 400, "replicas"),
                jsonProbe("replicas as text", "POST", "/deployments", """
                        {"namespace":"vision","name":"text","image":"registry.local/x:1","replicas":"two"}""", 400,
                        "replicas"),
                jsonProbe("port as text", "POST", "/deployments", """
                        {"namespace":"vision","name":"text","image":"registry.local/x:1","port":"abc"}""", 400,
                        "port"),
                jsonProbe("env as text", "POST", "/deployments", """
                        {"namespace":"vision","name":"text","image":"registry.local/x:1","env":"x"}""", 400, "env"),
                jsonProbe("fractional nested gpu", "POST", "/deployments", """
                        {"namespace":"vision","name":"text","image":"registry.local/x:1","resources":{"gpu":0.5}}""",
                        400, "resources.gpu"),
                jsonProbe("malformed build sha256", "POST", "/ai-converge/build", """
                        {"namespace":"vision","name":"sha","artifact":"teams/vision/m/1/m.bin",
                         "baseImage":"python:3.11-slim","command":"true","sha256":"not-a-digest"}""", 400, "sha256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void everyHostileRequestGetsAClear4xxProblem(Probe probe) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (probe.body() == null) {
            request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", probe.contentType())
                    .method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        }

        var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(probe.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("detail").asString()).isNotBlank();
        if (probe.field() != null) {
            assertThat(problem.path("errors").path(probe.field()).asString()).as(response.body()).isNotBlank();
        }
    }

    private static Probe jsonProbe(String name, String method, String path, String body, int status, String field) {
        return new Probe(name, method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    /** The same 10 KB names typed into the pages' forms: the form comes back with the name's message. */
    @ParameterizedTest
    @ValueSource(strings = {"/deployments", "/ai-converge/build"})
    void aLongNameInAFormIsRefusedOnTheForm(String path) throws Exception {
        var form = "namespace=vision&name=" + LONG + "&image=registry.local/x:1&artifact=teams/vision/m/1/m.bin"
                + "&baseImage=python:3.11-slim&command=true";
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();

        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
        assertThat(response.body()).contains("field-error");
    }

    private static Probe multipartProbe(String name, byte[] body, int status, String field) {
        return new Probe(name, "POST", "/artifacts", "multipart/form-data; boundary=" + BOUNDARY, body, status, field);
    }

    private static byte[] multipart(Map<String, String> fields, String fileName, boolean closed) {
        var out = new ByteArrayOutputStream();
        try {
            for (var field : fields.entrySet()) {
                out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\nmodel bytes\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (closed) {
                out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
