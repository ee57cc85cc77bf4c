package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.converge.portal.platform.openai.OpenAiStub;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each limit of {@code portal.chat.*}: a clear problem+json status, and the conversation says so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.chat.max-message-chars=100", "portal.chat.requests-per-minute=3", "portal.chat.concurrent-streams=1",
        "portal.chat.connect-timeout=500ms", "portal.chat.first-token-timeout=5s"})
@ActiveProfiles("test")
class ChatLimitsIntegrationTests {

    static final OpenAiStub stub = ChatStubs.start();
    /** A server that never accepts: its backlog is full, so a new connection is never made. */
    static final Blackhole blackhole = new Blackhole();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        ChatStubs.register(registry, stub);
        registry.add("portal.chat.endpoints[2].id", () -> "blackhole");
        registry.add("portal.chat.endpoints[2].base-url", () -> "http://127.0.0.1:" + blackhole.port() + "/v1");
        registry.add("portal.chat.endpoints[2].model", () -> "none");
        registry.add("portal.chat.endpoints[2].teams", () -> "vision");
    }

    @AfterAll
    static void stop() throws IOException {
        stub.close();
        blackhole.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Test
    void aMessageOverTheSizeLimitIs413AndNothingIsStored() throws Exception {
        var viewer = ChatApi.as(tokens, port, "viewer", Role.VIEWER, "vision");
        var response = viewer.post("/chat", "{\"model\":\"external:stub\",\"message\":\"" + "x".repeat(101) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(response.body()).contains("101 characters", "at most 100");
        assertThat(viewer.json(viewer.get("/chat/sessions")).path("total").asInt()).isZero();
    }

    @Test
    void onThePageARefusedMessageIsATurnInTheConversationWithTheBoxBackAndTheTextKept() throws Exception {
        var viewer = ChatApi.as(tokens, port, "viewer", Role.VIEWER, "vision");
        var oversized = "y".repeat(101);

        var tooLarge = viewer.htmxForm("/chat", "model=external%3Astub&message=" + oversized);
        var notAllowed = viewer.htmxForm("/chat", "model=external%3Alang-stub&message=hi+%3Cb%3E");
        var unknown = viewer.htmxForm("/chat", "model=external%3Anope&message=hi");

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("HX-Retarget")).hasValue("#chat-log");
        assertThat(tooLarge.headers().firstValue("HX-Reswap")).hasValue("beforeend");
        assertThat(tooLarge.body()).contains("chat-refused", "role=\"alert\"", "Not sent to the model",
                "101 characters", "at most 100")
                .contains("id=\"composer\"", "hx-swap-oob=\"true\"")
                .containsPattern("<textarea id=\"chat-message\"[^>]*>" + oversized + "</textarea>")
                .doesNotContainPattern("<textarea[^>]*disabled");
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        assertThat(notAllowed.body()).contains("chat-refused", "hi &lt;b&gt;").doesNotContain("hi <b>");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("chat-refused", "external:nope");
        assertThat(viewer.json(viewer.get("/chat/sessions")).path("total").asInt()).as("nothing stored").isZero();
    }

    @Test
    void moreRequestsThanTheMinuteAllowsAre429WithRetryAfter() throws Exception {
        var lead = ChatApi.as(tokens, port, "lead", Role.LEAD, "vision");
        for (int i = 0; i < 3; i++) {
            assertThat(lead.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}").statusCode())
                    .isEqualTo(200);
        }
        var refused = lead.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(refused.body()).contains("3 messages in the last minute");
    }

    @Test
    void moreAnswersStreamingThanAllowedAre429AndTheConnectTimeoutIs504() throws Exception {
        var dev = ChatApi.as(tokens, port, "dev", Role.DEVELOPER, "vision");
        stub.script(OpenAiStub.Script.tokens(Collections.nCopies(100, "s")).tokenEvery(Duration.ofMillis(30)));
        dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"long\"}", "text/event-stream",
                events -> events.size() >= 2);
        var second = dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"another\"}");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("1 answers streaming");
        var sessionId = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        assertThat(dev.post("/chat/sessions/" + sessionId + "/stop", "").statusCode()).isEqualTo(204);

        var timedOut = dev.post("/chat", "{\"model\":\"external:blackhole\",\"message\":\"anyone?\"}");
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(timedOut.body()).contains("connect timeout");
        var latest = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        var answer = dev.json(dev.get("/chat/sessions/" + latest)).path("messages").get(1);
        assertThat(answer.path("status").asString()).isEqualTo("interrupted");
        assertThat(answer.path("reason").asString()).contains("connect timeout");
    }

    /** A listening socket with a backlog of one that never accepts, filled so further connects hang. */
    static final class Blackhole implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        Blackhole() {
            try {
                server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                for (int i = 0; i < 4; i++) {
                    try {
                        var socket = new Socket();
                        socket.connect(server.getLocalSocketAddress(), 200);
                        fillers.add(socket);
                    } catch (IOException full) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (var socket : fillers) {
                socket.close();
            }
            server.close();
        }
    }
}
