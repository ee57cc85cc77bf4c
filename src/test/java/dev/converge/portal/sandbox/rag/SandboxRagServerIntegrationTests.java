package dev.converge.portal.sandbox.rag;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;

import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole RAG flow on the sandbox with nothing installed, through the portal's own API: a sandbox openai
 * deployment as the base model, a RagModel, documents uploaded to the embedded S3, the RagModel's simulated pods
 * served by the real runtime in process (indexing with the built-in embedding), its status Ready with the counts,
 * retrieval, and chats through the service proxy whose answers name their source.
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.rag.resync-period=300ms",
        "portal.sandbox.model-tokens-per-second=400"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SandboxRagServerIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesClient client;

    @Autowired
    SandboxRagServer rag;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aRagModelIndexesRetrievesAndChatsWithItsSources() throws Exception {
        var base = send(post("/deployments"), "dev", """
                {"namespace": "vision", "name": "handbook-llm", "image": "registry.local/vision/llm:1.0",
                 "protocol": "openai", "port": 8080, "replicas": 1}""");
        assertThat(base.getResponse().getStatus()).as(base.getResponse().getContentAsString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> proxyGet("handbook-llm:8080", "/v1/models").statusCode() == 200);

        var created = send(post("/rag/models"), "dev", """
                {"namespace": "vision", "name": "handbook",
                 "spec": {"baseModel": {"deployment": "handbook-llm"}, "retrieval": {"topK": 2}}}""");
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);

        var upload = mvc.perform(multipart("/rag/models/vision/handbook/documents")
                .file(document("warranty.md", "# Warranty\nThe warranty lasts two years from the day of "
                        + "purchase. It covers defects of material and workmanship."))
                .file(document("shipping.txt", "Shipping takes three working days within the country. Orders "
                        + "over fifty euros ship free of charge."))
                .file(document("returns.html", "<html><body><h1>Returns</h1><p>Returns are accepted within "
                        + "thirty days when the product is unused.</p></body></html>"))
                .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(upload.getResponse().getStatus()).as(upload.getResponse().getContentAsString()).isEqualTo(201);

        // the reconciler's readiness calls reach the in-process runtime through the service proxy
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> summary().path("phase").asString("").equals("Ready")
                        && summary().path("documents").asInt(0) == 3);
        assertThat(summary().get("chunks").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(rag.isRunning("vision", "handbook")).isTrue();
        var documents = body(get("/rag/models/vision/handbook/documents")).get("items");
        assertThat(documents).hasSize(3).allSatisfy(d -> assertThat(d.get("chunks").asInt()).isPositive());

        var retrieved = send(post("/rag/models/vision/handbook/retrieve"), "dev",
                "{\"query\": \"How long does the warranty last?\"}");
        assertThat(retrieved.getResponse().getStatus()).as(retrieved.getResponse().getContentAsString())
                .isEqualTo(200);
        var chunks = JSON.readTree(retrieved.getResponse().getContentAsString()).get("chunks");
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).get("document").asString()).isEqualTo("warranty.md");
        assertThat(chunks.get(0).get("text").asString()).contains("two years");

        var whole = proxyPost("rag-handbook:8080", "/v1/chat/completions", """
                {"model": "handbook", "messages": [{"role": "user", "content": "How long does the warranty last?"}]}""");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        var answer = JSON.readTree(whole.body());
        assertThat(answer.get("choices").get(0).get("message").get("content").asString())
                .contains("two years", "warranty.md");
        assertThat(answer.get("converge_sources").get(0).get("document").asString()).isEqualTo("warranty.md");

        var events = stream("rag-handbook:8080", """
                {"model": "handbook", "stream": true,
                 "messages": [{"role": "user", "content": "How long does shipping take?"}]}""");
        assertThat(events.size()).as("relayed chunk by chunk").isGreaterThan(3);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        var text = new StringBuilder();
        var sources = "";
        for (var event : events.subList(0, events.size() - 1)) {
            var chunk = JSON.readTree(event);
            text.append(chunk.path("choices").path(0).path("delta").path("content").asString(""));
            if (chunk.has("converge_sources")) {
                sources = chunk.get("converge_sources").toString();
            }
        }
        assertThat(text.toString()).contains("three working days", "shipping.txt");
        assertThat(sources).contains("shipping.txt");

        // deleting the RagModel deletes its Deployment, which closes the in-process runtime
        assertThat(send(delete("/rag/models/vision/handbook"), "dev", null).getResponse().getStatus())
                .isIn(202, 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !rag.isRunning("vision", "handbook"));
    }

    private static MockMultipartFile document(String name, String text) {
        var type = name.endsWith(".md") ? "text/markdown" : name.endsWith(".html") ? "text/html" : "text/plain";
        return new MockMultipartFile("file", name, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode summary() throws Exception {
        return body(get("/rag/models/vision/handbook")).get("summary");
    }

    private URI proxy(String service, String path) {
        var master = client.getMasterUrl().toString();
        return URI.create((master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/vision/services/"
                + service + "/proxy" + path);
    }

    private HttpResponse<String> proxyGet(String service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy(service, path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> proxyPost(String service, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy(service, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data:} payloads of an SSE answer, in order. */
    private java.util.List<String> stream(String service, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(proxy(service, "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        var events = new ArrayList<String>();
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
        }
        return events;
    }

    private MvcResult send(MockHttpServletRequestBuilder request, String user, String body) throws Exception {
        request.with(signedInAs(users, user)).with(csrf()).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request).andReturn();
    }

    private JsonNode body(MockHttpServletRequestBuilder request) throws Exception {
        var result = send(request, "dev", null);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return JSON.readTree(result.getResponse().getContentAsString());
    }
}
