package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalApplication;
import dev.converge.portal.platform.openai.OpenAiStub;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The portal stops and starts again on the same database: sessions stay, an answer cut by the stop is kept as
 * interrupted with what was saved, and an answer a crashed portal left streaming is marked interrupted on start.
 */
class ChatRestartIntegrationTests {

    @TempDir
    Path data;

    @Test
    void sessionsAndInterruptedAnswersSurviveARestart() throws Exception {
        try (var stub = new OpenAiStub()) {
            String done;
            String cut;
            String crashed;
            String token;
            try (var first = start(stub)) {
                var api = api(first);
                token = api.token();
                stub.script(OpenAiStub.Script.words("Kept across restarts."));
                done = api.json(api.post("/chat", "{\"model\":\"external:stub\",\"message\":\"remember me\"}"))
                        .path("sessionId").asString();
                crashed = api.json(api.post("/chat", "{\"model\":\"external:stub\",\"message\":\"crash\"}"))
                        .path("sessionId").asString();
                // as if the portal had died in the middle of this answer
                first.getBean(JdbcClient.class).sql("UPDATE chat_messages SET status = 'streaming' WHERE role = "
                        + "'assistant' AND session_id = ?").params(crashed).update();

                stub.script(OpenAiStub.Script.tokens(Collections.nCopies(200, "w")).tokenEvery(Duration.ofMillis(40)));
                api.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"long\"}", "text/event-stream",
                        events -> events.size() >= 3);
                cut = api.json(api.get("/chat/sessions")).path("items").get(0).path("id").asString();
                await().atMost(5, TimeUnit.SECONDS).until(() -> api.json(api.get("/chat/sessions/" + cut))
                        .path("messages").get(1).path("content").asString().length() >= 5);
            }
            try (var second = start(stub)) {
                var api = ChatApi.withToken(port(second), token);
                assertThat(api.json(api.get("/chat/sessions")).path("total").asInt()).isEqualTo(3);
                var kept = api.json(api.get("/chat/sessions/" + done)).path("messages").get(1);
                assertThat(kept.path("status").asString()).isEqualTo("done");
                assertThat(kept.path("content").asString()).isEqualTo("Kept across restarts.");

                var stopped = api.json(api.get("/chat/sessions/" + cut)).path("messages").get(1);
                assertThat(stopped.path("status").asString()).isEqualTo("interrupted");
                assertThat(stopped.path("reason").asString()).contains("portal stopped");
                assertThat(stopped.path("content").asString()).startsWith("wwwww");

                var orphan = api.json(api.get("/chat/sessions/" + crashed)).path("messages").get(1);
                assertThat(orphan.path("status").asString()).isEqualTo("interrupted");
                assertThat(orphan.path("reason").asString()).contains("portal restarted");
                assertThat(orphan.path("content").asString()).isEqualTo("Kept across restarts.");

                stub.script(OpenAiStub.Script.words("Again."));
                var again = api.post("/chat/sessions/" + cut + "/regenerate", "");
                assertThat(api.json(again).path("answer").asString()).isEqualTo("Again.");
            }
        }
    }

    private ConfigurableApplicationContext start(OpenAiStub stub) {
        // Command-line arguments: they win over the test profile's in-memory database.
        return new SpringApplicationBuilder(PortalApplication.class).profiles("test").run(
                "--server.port=0",
                "--portal.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/portal")
                        + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
                "--portal.chat.save-every=200ms",
                "--portal.chat.endpoints[0].id=stub",
                "--portal.chat.endpoints[0].base-url=" + stub.baseUrl(),
                "--portal.chat.endpoints[0].model=stub-model",
                "--portal.chat.endpoints[0].teams=vision");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static ChatApi api(ConfigurableApplicationContext context) {
        return ChatApi.as(context.getBean(ApiTokens.class), port(context), "dev", Role.DEVELOPER, "vision");
    }
}
