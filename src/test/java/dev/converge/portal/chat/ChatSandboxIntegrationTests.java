package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.TimeUnit;

import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Deploy → Ready → chat, on the sandbox: a deployment with protocol {@code openai} appears in the catalog, becomes
 * ready, and answers (whole and streamed) through the sandbox API server's service proxy, as a portal outside the
 * cluster reaches it ({@code portal.chat.access=api-proxy}).
 * <p>
 * Needs the sandbox's OpenAI-compatible model servers and its service proxy path (the sandbox-models branch); it
 * lives in its own class so the rest of the chat tests do not depend on them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.sandbox.pod-start-delay=200ms", "portal.chat.access=api-proxy"})
@ActiveProfiles("test")
class ChatSandboxIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Test
    void aDeployedModelIsReadyAndAnswersThroughTheServiceProxy() throws Exception {
        var dev = ChatApi.as(tokens, port, "dev", Role.DEVELOPER, "vision");
        var created = dev.post("/deployments", """
                {"namespace": "vision", "name": "chat-llm", "image": "registry.local/vision/vllm:1.0",
                 "protocol": "openai", "port": 8080, "replicas": 1,
                 "resources": {"cpu": "500m", "memory": "1Gi", "gpu": 0}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        await().atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).untilAsserted(() ->
                assertThat(dev.get("/chat/models").body())
                        .contains("\"id\":\"deployment:vision/chat-llm\"")
                        .contains("\"kind\":\"deployment\",\"namespace\":\"vision\",\"ready\":true"));

        var whole = dev.post("/chat", "{\"model\":\"deployment:vision/chat-llm\",\"message\":\"What is a GPU?\"}");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        var reply = dev.json(whole);
        assertThat(reply.path("answer").asString()).isNotBlank();
        assertThat(reply.path("usage").path("completionTokens").asInt()).isPositive();
        var sessionId = reply.path("sessionId").asString();
        var answer = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1);
        assertThat(answer.path("status").asString()).isEqualTo("done");

        var streamed = dev.stream("/chat", "{\"sessionId\":\"" + sessionId + "\",\"message\":\"And a TPU?\"}",
                "text/event-stream", events -> false);
        assertThat(streamed.events().stream().filter(e -> e.name().equals("token")).count()).isGreaterThan(1);
        assertThat(streamed.last().name()).isEqualTo("done");
        assertThat(streamed.text()).isNotBlank();

        var otherTeam = ChatApi.as(tokens, port, "dev2", Role.DEVELOPER, "language");
        assertThat(otherTeam.get("/chat/models").body()).doesNotContain("chat-llm");
        assertThat(otherTeam.post("/chat", "{\"model\":\"deployment:vision/chat-llm\",\"message\":\"hi\"}")
                .statusCode()).isEqualTo(403);
    }
}
