package dev.converge.portal.sandbox.models;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.sandbox.kubernetes.SandboxCluster;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deploy a model with protocol openai on the sandbox, wait until it is Ready, and talk to it as an OpenAI client
 * would, through the sandbox API server's service proxy at the portal's own Kubernetes client's master URL.
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.sandbox.model-tokens-per-second=40"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SandboxModelServerIntegrationTests {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesClient client;

    @Autowired
    SandboxModelServer models;

    @Autowired
    SandboxCluster cluster;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aDeployedOpenAiModelListsItsSandboxModelThroughTheServiceProxy() throws Exception {
        deployReady("chat-models", "\"replicas\": 2");

        var listed = get(proxy("chat-models:http", "/v1/models"));
        var byPort = get(proxy("http:chat-models:8080", "/v1/models/" + ExtractiveModel.ID));
        var plain = get(proxy("chat-models", "/v1/models"));

        assertThat(listed.statusCode()).isEqualTo(200);
        var model = json(listed.body()).get("data").get(0);
        assertThat(json(listed.body()).get("object").asString()).isEqualTo("list");
        assertThat(model.get("id").asString()).isEqualTo("sandbox-extractive");
        assertThat(model.get("object").asString()).isEqualTo("model");
        assertThat(model.get("owned_by").asString()).contains("sandbox");
        assertThat(byPort.statusCode()).isEqualTo(200);
        assertThat(json(byPort.body()).get("id").asString()).isEqualTo("sandbox-extractive");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(get(proxy("chat-models:http", "/v1/models/gpt-4")).statusCode()).isEqualTo(404);
    }

    @Test
    void theProxyTakesTheReadyPodsInTurn() throws Exception {
        deployReady("chat-turns", "\"replicas\": 2");
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods("chat-turns").size() == 2);
        var pods = readyPods("chat-turns");
        var before = pods.stream().mapToLong(pod -> models.requestsServed("vision", pod)).toArray();
        var proxiedBefore = proxied();

        for (int i = 0; i < 6; i++) {
            assertThat(get(proxy("chat-turns:http", "/v1/models")).statusCode()).isEqualTo(200);
        }

        for (int i = 0; i < pods.size(); i++) {
            assertThat(models.requestsServed("vision", pods.get(i)) - before[i]).as(pods.get(i)).isEqualTo(3);
        }
        assertThat(proxied() - proxiedBefore).as("counted as proxied, not as API reads").isGreaterThanOrEqualTo(6);
    }

    private double proxied() {
        return meters.get("portal.sandbox.apiserver.requests").tag("method", "PROXIED").functionCounter().count();
    }

    private List<String> readyPods(String name) {
        return client.pods().inNamespace("vision").withLabel("app.kubernetes.io/name", name).list().getItems()
                .stream().filter(pod -> pod.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
                .map(pod -> pod.getMetadata().getName()).toList();
    }

    @Test
    void kubectlGetRawReachesTheModelServer() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + ": skipping");
        deployReady("chat-kubectl", "\"replicas\": 1");

        var output = kubectl("get", "--raw", "/api/v1/namespaces/vision/services/http:chat-kubectl:http/proxy/v1/models");

        assertThat(json(output).get("data").get(0).get("id").asString()).isEqualTo("sandbox-extractive");
    }

    @Test
    void aCompletionHasTheAnswerAndItsUsage() throws Exception {
        deployReady("chat-whole", "\"replicas\": 1");

        var response = postJson(proxy("chat-whole:http", "/v1/chat/completions"), """
                {"model": "sandbox-extractive", "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "What is a GPU?"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        var body = json(response.body());
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("model").asString()).isEqualTo("sandbox-extractive");
        var choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        var content = choice.get("message").get("content").asString();
        assertThat(content).startsWith("You asked: \"What is a GPU?\"");
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        var usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(ModelTokens.count(content));
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(8 + ModelTokens.count(content));

        var capped = json(postJson(proxy("chat-whole:http", "/v1/chat/completions"), """
                {"messages": [{"role": "user", "content": "What is a GPU?"}], "max_tokens": 3}""").body());
        assertThat(capped.get("choices").get(0).get("message").get("content").asString()).isEqualTo("You asked:");
        assertThat(capped.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void aStreamedCompletionArrivesInChunksOverTimeAndEndsWithDone() throws Exception {
        deployReady("chat-stream", "\"replicas\": 1");
        var request = HttpRequest.newBuilder(proxy("chat-stream:http", "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"messages": [{"role": "user", "content": "Tell me about streaming."}], "stream": true,
                         "stream_options": {"include_usage": true}}""")).build();

        var lines = new ArrayList<String>();
        var arrivals = new ArrayList<Long>();
        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (var line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    lines.add(line.substring(6));
                    arrivals.add(System.nanoTime());
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("[DONE]");
        var chunks = lines.subList(0, lines.size() - 1).stream().map(this::json).toList();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.get("object").asString())
                .isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
        var text = new StringBuilder();
        chunks.forEach(chunk -> chunk.get("choices").forEach(choice ->
                text.append(choice.get("delta").path("content").asString(""))));
        var tokens = ModelTokens.count(text.toString());
        assertThat(text.toString()).startsWith("You asked: \"Tell me about streaming.\"");
        var finish = chunks.get(chunks.size() - 2);
        assertThat(finish.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.get("usage").isNull()).isTrue();
        var usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(tokens);
        assertThat(usage.get("usage").get("prompt_tokens").asInt()).isEqualTo(5);
        // One chunk per token at 40 tokens per second: the answer takes about tokens × 25 ms, in many arrivals.
        assertThat(chunks.size()).isGreaterThan(tokens);
        var spreadMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        assertThat(spreadMillis).isGreaterThan((tokens - 1) * 25L * 6 / 10);
        assertThat(arrivals.stream().distinct().count()).isGreaterThan(tokens / 2);
    }

    @Test
    void aRagPromptIsAnsweredWithTheMatchingSentenceAndItsSource() throws Exception {
        deployReady("chat-rag", "\"replicas\": 1");
        var prompt = JSON.writeValueAsString(ExtractiveModelTests.RAG_PROMPT.replace("How long does the warranty last?",
                "Are returns free?"));

        var body = json(postJson(proxy("chat-rag:http", "/v1/chat/completions"),
                "{\"messages\": [{\"role\": \"user\", \"content\": " + prompt + "}]}").body());

        assertThat(body.get("choices").get(0).get("message").get("content").asString())
                .isEqualTo("Returns are free of charge. [2]\n\nSources: [2] shipping-faq.md");
    }

    @Test
    void latencyComesBeforeTheFirstToken() throws Exception {
        deployReady("chat-slow", "\"replicas\": 1, \"env\": {\"SANDBOX_MODEL_LATENCY_MS\": \"1500\"}");
        var started = System.nanoTime();
        var request = HttpRequest.newBuilder(proxy("chat-slow:http", "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true}")).build();

        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        var headersMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            var first = reader.readLine();
            var firstTokenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(first).startsWith("data: {");
            assertThat(headersMillis).isLessThan(1000);
            assertThat(firstTokenMillis).isGreaterThanOrEqualTo(1500);
        }
    }

    @Test
    void failAfterTokensCutsTheStreamAndTheWholeAnswer() throws Exception {
        deployReady("chat-cut", "\"replicas\": 1, \"env\": {\"SANDBOX_MODEL_FAIL_AFTER_TOKENS\": \"3\"}");
        var lines = new ArrayList<String>();
        try (var socket = new Socket("127.0.0.1", URI.create(client.getMasterUrl().toString()).getPort())) {
            socket.setSoTimeout(10_000);
            write(socket, "chat-cut:http", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], "
                    + "\"stream\": true}");
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (var line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data: ")) {
                        lines.add(line);
                    }
                }
            } catch (IOException reset) {
                // The cut: a reset connection, or an end without the final chunk.
            }
        }
        var whole = HttpRequest.newBuilder(proxy("chat-cut:http", "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")).build();

        // The role chunk and three tokens, then the connection ends without a final chunk or [DONE].
        assertThat(lines).hasSize(4).noneMatch(line -> line.contains("[DONE]") || line.contains("\"stop\""));
        try {
            var response = http.send(whole, HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).as("a cut connection, not an answer").isEmpty();
        } catch (IOException expected) {
            assertThat(expected).isNotNull();
        }
    }

    @Test
    void aStatusFaultAnswersWithAnOpenAiErrorBody() throws Exception {
        deployReady("chat-down", "\"replicas\": 1, \"env\": {\"SANDBOX_MODEL_STATUS\": \"503\"}");

        var response = postJson(proxy("chat-down:http", "/v1/chat/completions"),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true}");

        assertThat(response.statusCode()).isEqualTo(503);
        var error = json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("code").asString()).isEqualTo("sandbox_fault");
        assertThat(error.get("message").asString()).contains("SANDBOX_MODEL_STATUS=503");
        assertThat(get(proxy("chat-down:http", "/v1/models")).statusCode()).as("still listed, so Ready")
                .isEqualTo(200);
    }

    @Test
    void badRequestsGetOpenAiErrors() throws Exception {
        deployReady("chat-errors", "\"replicas\": 1");
        var url = proxy("chat-errors:http", "/v1/chat/completions");

        var notJson = postJson(url, "{not json");
        var noMessages = postJson(url, "{\"model\": \"x\"}");
        var badMax = postJson(url, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 0}");
        var unknown = get(proxy("chat-errors:http", "/v2/health/ready"));
        var traversal = get(proxy("chat-errors:http", "/v1/%2e%2e/%2e%2e/etc/passwd"));

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(json(noMessages.body()).get("error").get("param").asString()).isEqualTo("messages");
        assertThat(json(noMessages.body()).get("error").get("code").asString())
                .isEqualTo("missing_required_parameter");
        assertThat(badMax.statusCode()).isEqualTo(400);
        assertThat(json(badMax.body()).get("error").get("message").asString()).contains("max_tokens");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("error").get("code").asString()).isEqualTo("unknown_url");
        assertThat(traversal.statusCode()).isEqualTo(404);
    }

    @Test
    void aClientThatGoesAwayStopsTheGeneration() throws Exception {
        deployReady("chat-leave", "\"replicas\": 1");
        var cancelledBefore = models.cancelledGenerations();
        var longQuestion = "word ".repeat(150);
        try (var socket = new Socket("127.0.0.1", URI.create(client.getMasterUrl().toString()).getPort())) {
            socket.setSoTimeout(10_000);
            write(socket, "chat-leave:http", "{\"messages\": [{\"role\": \"user\", \"content\": \"" + longQuestion
                    + "\"}], \"stream\": true}");
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int data = 0;
            while (data < 5) {
                var line = reader.readLine();
                assertThat(line).isNotNull();
                if (line.startsWith("data: ")) {
                    data++;
                }
            }
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> models.cancelledGenerations() > cancelledBefore);
        var sent = models.tokensSent();
        await("no tokens after the client left").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> models.tokensSent() == sent);
    }

    @Test
    void theProxyAnswersLikeTheApiServerWhenThereIsNoServiceOrNoReadyPod() throws Exception {
        deploy("chat-none", "\"replicas\": 0");

        var missing = get(proxy("no-such-service:http", "/v1/models"));
        var noEndpoints = get(proxy("chat-none:http", "/v1/models"));
        var oversized = postJson(proxy("chat-none:http", "/v1/chat/completions"), "x".repeat(4 * 1024 * 1024));

        assertThat(missing.statusCode()).isEqualTo(404);
        var status = json(missing.body());
        assertThat(status.get("kind").asString()).isEqualTo("Status");
        assertThat(status.get("reason").asString()).isEqualTo("NotFound");
        assertThat(status.get("message").asString()).isEqualTo("services \"no-such-service\" not found");
        assertThat(noEndpoints.statusCode()).isEqualTo(503);
        assertThat(json(noEndpoints.body()).get("message").asString())
                .isEqualTo("no endpoints available for service \"chat-none:http\"");
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(json(oversized.body()).get("reason").asString()).isEqualTo("RequestEntityTooLarge");
    }

    @Test
    void aPodOfAnotherProtocolIsNotAnOpenAiServer() throws Exception {
        deploy("kserve-model", "\"replicas\": 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> get(proxy("kserve-model:http", "/v1/models")).body()
                .contains("connection refused"));

        var response = get(proxy("kserve-model:http", "/v1/models"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).get("message").asString())
                .startsWith("error trying to reach service: dial tcp ").endsWith(": connect: connection refused");
    }

    private void deployReady(String name, String extra) throws Exception {
        deploy(name, extra);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(proxy(name + ":http", "/v1/models")).statusCode() == 200);
    }

    private String deploy(String name, String extra) throws Exception {
        var protocol = name.startsWith("kserve") ? "kserve-v2" : "openai";
        var body = """
                {"namespace": "vision", "name": "%s", "image": "registry.local/vision/llm:1.0",
                 "protocol": "%s", "port": 8080, %s}""".formatted(name, protocol, extra);
        var result = mvc.perform(post("/deployments").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content(body))
                .andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return name;
    }

    /** The proxy URL from the portal's own Kubernetes client, as the chat feature builds it. */
    private URI proxy(String service, String path) {
        var master = client.getMasterUrl().toString();
        return URI.create((master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/vision/services/"
                + service + "/proxy" + path);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void write(Socket socket, String service, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var head = "POST /api/v1/namespaces/vision/services/" + service + "/proxy/v1/chat/completions HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private String kubectl(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", cluster.kubeconfig().toString(),
                "--cache-dir", cluster.kubeconfig().resolveSibling("kubectl-cache").toString()));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
