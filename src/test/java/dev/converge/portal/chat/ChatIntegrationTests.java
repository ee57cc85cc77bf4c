package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.platform.openai.OpenAiStub;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The chat API end to end on the sandbox, against an OpenAI-compatible stub configured as an external endpoint:
 * answers whole and streamed, upstream failures and timeouts kept as interrupted answers, Stop closing the upstream
 * connection, answers that go on when the client leaves, isolation between users and teams, and escaping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.chat.first-token-timeout=1500ms", "portal.chat.between-tokens-timeout=1500ms",
        "portal.chat.requests-per-minute=1000", "portal.chat.concurrent-streams=5",
        "portal.chat.save-every=200ms"})
@ActiveProfiles("test")
class ChatIntegrationTests {

    // one stub for this class and its subclasses (the PostgreSQL run): it lives as long as the test JVM
    static final OpenAiStub stub = ChatStubs.start();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        ChatStubs.register(registry, stub);
    }


    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditLog audit;

    @Autowired
    MeterRegistry meters;

    ChatApi dev;
    ChatApi dev2;

    @BeforeEach
    void users() {
        stub.script(OpenAiStub.Script.words("Hello from the stub."));
        dev = ChatApi.as(tokens, port, "dev", Role.DEVELOPER, "vision");
        dev2 = ChatApi.as(tokens, port, "dev2", Role.DEVELOPER, "language");
    }

    @Test
    void theCatalogListsTheEndpointsGrantedToTheUsersTeamsWithoutTheirKey() throws Exception {
        var response = dev.get("/chat/models");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":\"external:stub\"", "\"kind\":\"external\"", "\"ready\":true")
                .doesNotContain("external:lang-stub").doesNotContain(ChatStubs.API_KEY);
        assertThat(dev2.get("/chat/models").body()).contains("external:lang-stub").doesNotContain("\"external:stub\"");
    }

    @Test
    void aMessageIsAnsweredWholeWithUsageAndTimingsAndTheSessionKeepsBoth() throws Exception {
        stub.script(OpenAiStub.Script.words("The answer is 42."));
        var response = dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"What is the answer?\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        var reply = dev.json(response);
        assertThat(reply.path("answer").asString()).isEqualTo("The answer is 42.");
        assertThat(reply.path("usage").path("completionTokens").asInt()).isEqualTo(4);
        assertThat(reply.path("timings").path("firstTokenMs").isNumber()).isTrue();
        assertThat(reply.has("sources")).as("only models that retrieve have sources").isFalse();
        var sessionId = reply.path("sessionId").asString();

        var session = dev.json(dev.get("/chat/sessions/" + sessionId));
        assertThat(session.path("messages")).hasSize(2);
        assertThat(session.path("messages").get(0).path("content").asString()).isEqualTo("What is the answer?");
        assertThat(session.path("messages").get(1).path("status").asString()).isEqualTo("done");
        assertThat(stub.requests().get(stub.requests().size() - 1)).contains("\"model\":\"stub-model\"");

        var created = audit.search(new AuditQuery(null, "chat.session.create", null, 0, 50));
        assertThat(created).anySatisfy(event -> assertThat(event.target()).isEqualTo("chat-session/" + sessionId));
        assertThat(created.toString()).doesNotContain("What is the answer");
    }

    @Test
    void aStreamedAnswerArrivesTokenByTokenInOrderThenDone() throws Exception {
        var words = List.of("one ", "two ", "three ", "four ", "five");
        stub.script(OpenAiStub.Script.tokens(words).tokenEvery(Duration.ofMillis(30)));
        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"count\"}", "text/event-stream",
                events -> false);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.events().stream().filter(e -> e.name().equals("token")).count()).isEqualTo(5);
        assertThat(stream.text()).isEqualTo("one two three four five");
        assertThat(stream.last().name()).isEqualTo("done");
        assertThat(stream.last().data().path("usage").path("completionTokens").asInt()).isEqualTo(5);
    }

    @Test
    void whatThePortalAddsToTheFirstTokenIsMeasuredInBothParts() throws Exception {
        var request = overhead("request");
        var firstToken = overhead("first-token");

        dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"time me\"}", "text/event-stream",
                events -> false);

        assertThat(overhead("request")).isEqualTo(request + 1);
        assertThat(overhead("first-token")).isEqualTo(firstToken + 1);
        assertThat(meters.get(ChatGenerations.OVERHEAD_TIMER).tag("part", "request").timer().max(TimeUnit.SECONDS))
                .isPositive().isLessThan(10);
        assertThat(meters.get(ChatGenerations.OVERHEAD_TIMER + ".cpu").tag("part", "request").timer().count())
                .isPositive();
    }

    @Test
    void whileTheModelAnswersTheQuestionAndTheAnswerUnderWayAreStored() throws Exception {
        stub.script(OpenAiStub.Script.tokens(List.of("thought ", "about ", "it")).tokenEvery(Duration.ofMillis(700)));
        var asked = CompletableFuture.supplyAsync(() -> {
            try {
                return dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"think first\"}");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(2, TimeUnit.SECONDS).until(() -> dev.json(dev.get("/chat/sessions")).path("items").size() > 0
                && dev.json(dev.get("/chat/sessions/" + dev.json(dev.get("/chat/sessions")).path("items").get(0)
                        .path("id").asString())).path("messages").size() == 2);
        var sessionId = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        var messages = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages");
        assertThat(asked).as("the model still thinks").isNotDone();
        assertThat(messages.get(0).path("content").asString()).isEqualTo("think first");
        assertThat(messages.get(1).path("status").asString()).isEqualTo("streaming");
        assertThat(asked.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1).path("content")
                .asString()).isEqualTo("thought about it");
    }

    private long overhead(String part) {
        var timer = meters.find(ChatGenerations.OVERHEAD_TIMER).tag("part", part).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void streamTrueInTheBodyStreamsEvenForAJsonClient() throws Exception {
        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\",\"stream\":true}",
                "application/json", events -> false);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.text()).isEqualTo("Hello from the stub.");
    }

    @Test
    void anUpstreamErrorIsA502WithItsOwnWordsAndTheAnswerIsKeptInterrupted() throws Exception {
        stub.script(OpenAiStub.Script.failing(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}"));
        var response = dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(response.body()).contains("HTTP 500").contains("CUDA out of memory");

        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}", "text/event-stream",
                events -> false);
        assertThat(stream.last().name()).isEqualTo("error");
        assertThat(stream.last().data().path("status").asInt()).isEqualTo(502);
        var sessions = dev.json(dev.get("/chat/sessions"));
        var latest = sessions.path("items").get(0).path("id").asString();
        var last = dev.json(dev.get("/chat/sessions/" + latest)).path("messages").get(1);
        assertThat(last.path("status").asString()).isEqualTo("interrupted");
        assertThat(last.path("reason").asString()).contains("CUDA out of memory");
    }

    @Test
    void aSlowFirstTokenIsA504AndTheRegeneratedAnswerReplacesTheInterruptedOne() throws Exception {
        stub.script(OpenAiStub.Script.words("late").firstTokenAfter(Duration.ofSeconds(4)));
        var response = dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"are you there?\"}");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("first-token timeout");
        var sessionId = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();

        stub.script(OpenAiStub.Script.words("Yes, now I am."));
        var again = dev.post("/chat/sessions/" + sessionId + "/regenerate", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(dev.json(again).path("answer").asString()).isEqualTo("Yes, now I am.");
        var messages = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).path("status").asString()).isEqualTo("done");
    }

    @Test
    void slowTokensTimeOutAndThePartialAnswerIsKept() throws Exception {
        stub.script(OpenAiStub.Script.tokens(List.of("partial ", "never")).tokenEvery(Duration.ofSeconds(4)));
        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"go\"}", "text/event-stream",
                events -> false);
        assertThat(stream.text()).isEqualTo("partial ");
        assertThat(stream.last().name()).isEqualTo("error");
        assertThat(stream.last().data().path("status").asInt()).isEqualTo(504);
        var messageId = stream.last().data().path("messageId").asString();
        var latest = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        var answer = dev.json(dev.get("/chat/sessions/" + latest)).path("messages").get(1);
        assertThat(answer.path("id").asString()).isEqualTo(messageId);
        assertThat(answer.path("content").asString()).isEqualTo("partial ");
        assertThat(answer.path("status").asString()).isEqualTo("interrupted");
    }

    @Test
    void aMalformedChunkAndAResetConnectionAre502sKeepingWhatCameBefore() throws Exception {
        stub.script(OpenAiStub.Script.tokens(List.of("good ", "bad")).malformedAt(1));
        var malformed = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"go\"}", "text/event-stream",
                events -> false);
        assertThat(malformed.text()).isEqualTo("good ");
        assertThat(malformed.last().data().path("status").asInt()).isEqualTo(502);
        assertThat(malformed.last().data().path("detail").asString()).contains("not the OpenAI protocol");

        stub.script(OpenAiStub.Script.tokens(List.of("a ", "b ", "c")).tokenEvery(Duration.ofMillis(20))
                .resetAfter(2));
        var reset = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"go\"}", "text/event-stream",
                events -> false);
        assertThat(reset.text()).isEqualTo("a b ");
        assertThat(reset.last().data().path("status").asInt()).isEqualTo(502);

        stub.script(OpenAiStub.Script.tokens(List.of("no ", "done")).withoutDone(false));
        var cut = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"go\"}", "text/event-stream",
                events -> false);
        assertThat(cut.last().data().path("detail").asString()).contains("ended before the answer was finished");
    }

    @Test
    void stopCancelsTheUpstreamRequestAndKeepsTheAnswerSoFar() throws Exception {
        stub.script(OpenAiStub.Script.tokens(Collections.nCopies(200, "x")).tokenEvery(Duration.ofMillis(30)));
        var abandonedBefore = stub.abandoned();
        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"go on\"}", "text/event-stream",
                events -> events.size() >= 5);
        var sessionId = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        assertThat(dev.post("/chat/sessions/" + sessionId + "/stop", "").statusCode()).isEqualTo(204);
        // at least this one: an earlier test's stream may be abandoned meanwhile too
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.abandoned() > abandonedBefore);
        var answer = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1);
        assertThat(answer.path("status").asString()).isEqualTo("interrupted");
        assertThat(answer.path("reason").asString()).isEqualTo("Stopped by you.");
        assertThat(answer.path("content").asString()).startsWith("xxxxx").hasSizeLessThan(200);
        assertThat(stream.events()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void theAnswerGoesOnWhenTheClientLeavesAndIsSavedAsItStreams() throws Exception {
        stub.script(OpenAiStub.Script.tokens(Collections.nCopies(40, "y")).tokenEvery(Duration.ofMillis(50)));
        dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"long one\"}", "text/event-stream",
                events -> events.size() >= 3);
        var sessionId = dev.json(dev.get("/chat/sessions")).path("items").get(0).path("id").asString();
        await().atMost(3, TimeUnit.SECONDS).until(() -> {
            var answer = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1);
            return answer.path("status").asString().equals("streaming")
                    && answer.path("content").asString().length() >= 5;
        });
        var messageId = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1).path("id")
                .asString();
        var picked = dev.stream("GET", "/chat/sessions/" + sessionId + "/messages/" + messageId + "/stream", null,
                "text/event-stream", events -> false);
        assertThat(picked.text()).as("picked up: the text so far, then the rest").isEqualTo("y".repeat(40));
        assertThat(picked.last().name()).isEqualTo("done");
        await().atMost(10, TimeUnit.SECONDS).until(() -> dev.json(dev.get("/chat/sessions/" + sessionId))
                .path("messages").get(1).path("status").asString().equals("done"));
        assertThat(dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1).path("content")
                .asString()).isEqualTo("y".repeat(40));
    }

    @Test
    void aSessionIsItsOwnersAloneAndModelsFollowTheTeams() throws Exception {
        var sessionId = dev.json(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"mine\"}"))
                .path("sessionId").asString();
        assertThat(dev2.get("/chat/sessions/" + sessionId).statusCode()).isEqualTo(404);
        assertThat(dev2.send("PATCH", "/chat/sessions/" + sessionId, "{\"title\":\"stolen\"}").statusCode())
                .isEqualTo(404);
        assertThat(dev2.send("DELETE", "/chat/sessions/" + sessionId, null).statusCode()).isEqualTo(404);
        assertThat(dev2.post("/chat", "{\"sessionId\":\"" + sessionId + "\",\"message\":\"hi\"}").statusCode())
                .isEqualTo(404);
        assertThat(dev2.get("/chat/sessions/" + sessionId + "/export").statusCode()).isEqualTo(404);
        assertThat(dev2.get("/chat/sessions").body()).doesNotContain(sessionId);

        var notAllowed = dev2.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}");
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        assertThat(notAllowed.body()).contains("external:stub");
        var otherTeam = dev2.post("/chat", "{\"model\":\"deployment:vision/anything\",\"message\":\"hi\"}");
        var missingInOtherTeam = dev2.post("/chat", "{\"model\":\"deployment:vision/llm\",\"message\":\"hi\"}");
        assertThat(otherTeam.statusCode()).isEqualTo(403);
        assertThat(missingInOtherTeam.statusCode()).isEqualTo(403);
        assertThat(dev.post("/chat", "{\"model\":\"nope\",\"message\":\"hi\"}").statusCode()).isEqualTo(404);
        assertThat(dev.post("/chat", "{\"model\":\"deployment:vision/none\",\"message\":\"hi\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void sessionsAreSearchedRenamedExportedAndDeleted() throws Exception {
        stub.script(OpenAiStub.Script.words("Paris is the capital."));
        var sessionId = dev.json(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"Capital of France?\","
                + "\"system\":\"Answer briefly.\",\"temperature\":0.3,\"maxTokens\":50}")).path("sessionId").asString();
        assertThat(stub.requests().get(stub.requests().size() - 1)).contains("\"role\":\"system\"")
                .contains("Answer briefly.").contains("\"temperature\":0.3").contains("\"max_tokens\":50");
        assertThat(dev.get("/chat/sessions?q=capital%20of").body()).contains(sessionId);
        assertThat(dev.get("/chat/sessions?q=paris").body()).as("answers are searched too").contains(sessionId);
        assertThat(dev.get("/chat/sessions?q=zzzz-none").body()).doesNotContain(sessionId);

        var renamed = dev.send("PATCH", "/chat/sessions/" + sessionId, "{\"title\":\"Geography\"}");
        assertThat(dev.json(renamed).path("title").asString()).isEqualTo("Geography");
        assertThat(dev.json(renamed).path("system").asString()).isEqualTo("Answer briefly.");
        assertThat(dev.send("PATCH", "/chat/sessions/" + sessionId, "{\"temperature\":7}").statusCode())
                .isEqualTo(400);

        var markdown = dev.get("/chat/sessions/" + sessionId + "/export?format=markdown");
        assertThat(markdown.body()).contains("# Geography", "## User", "Capital of France?", "## Assistant",
                "Paris is the capital.");
        assertThat(dev.json(dev.get("/chat/sessions/" + sessionId + "/export?format=json")).path("messages"))
                .hasSize(2);
        assertThat(dev.get("/chat/sessions/" + sessionId + "/export?format=pdf").statusCode()).isEqualTo(400);

        assertThat(dev.send("DELETE", "/chat/sessions/" + sessionId, null).statusCode()).isEqualTo(204);
        assertThat(dev.get("/chat/sessions/" + sessionId).statusCode()).isEqualTo(404);
        assertThat(audit.search(new AuditQuery(null, "chat.session.delete", null, 0, 50)))
                .anySatisfy(event -> assertThat(event.target()).isEqualTo("chat-session/" + sessionId));
    }

    @Test
    void hostileInputIsRefusedNamingTheField() throws Exception {
        assertThat(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"   \"}").body()).contains("message");
        assertThat(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\",\"temperature\":\"hot\"}")
                .statusCode()).isEqualTo(400);
        assertThat(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\",\"maxTokens\":1.5}")
                .statusCode()).isEqualTo(400);
        assertThat(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\",\"maxTokens\":0}").body())
                .contains("maxTokens");
        assertThat(dev.get("/chat/sessions/..%2f..%2fetc").statusCode()).isIn(400, 404);
        assertThat(dev.get("/chat/sessions/%2e%2e").statusCode()).isIn(400, 404);
    }

    @Test
    void messagesAndAnswersAreEscapedOnThePage() throws Exception {
        stub.script(OpenAiStub.Script.words("Look: <img src=x onerror=alert(1)> and [link](javascript:alert(2)) "
                + "and [ok](https://example.org)"));
        var sessionId = dev.json(dev.post("/chat", "{\"model\":\"external:stub\","
                + "\"message\":\"**bold** <script>alert('xss')</script>\"}")).path("sessionId").asString();
        var page = dev.html("/chat/sessions/" + sessionId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert")
                .contains("<strong>bold</strong>")
                .doesNotContain("<img src=\"x\"").doesNotContain("<img src=x").contains("&lt;img src=x")
                .doesNotContain("javascript:alert")
                .contains("<a rel=\"noopener noreferrer\" href=\"https://example.org\">ok</a>");
    }

    private static final String SOURCES = "[{\"document\":\"returns.md\",\"chunk\":3,\"score\":0.87},"
            + "{\"document\":\"<script>alert('doc')</script>.txt\",\"chunk\":0,\"score\":0.5}]";

    @Test
    void theSourcesOfARetrievingModelComeWithTheWholeAnswerAndAreKeptWithIt() throws Exception {
        stub.script(OpenAiStub.Script.words("Returns are free.").withSources(SOURCES));
        var reply = dev.json(dev.post("/chat", "{\"model\":\"external:stub\",\"message\":\"Returns?\"}"));
        assertThat(reply.path("answer").asString()).isEqualTo("Returns are free.");
        assertThat(reply.path("sources").toString()).isEqualTo("[{\"document\":\"returns.md\",\"score\":0.87},"
                + "{\"document\":\"<script>alert('doc')</script>.txt\",\"score\":0.5}]");
        var sessionId = reply.path("sessionId").asString();
        var answer = dev.json(dev.get("/chat/sessions/" + sessionId)).path("messages").get(1);
        assertThat(answer.path("sources").get(0).path("document").asString()).isEqualTo("returns.md");
        assertThat(answer.path("reason").isNull()).isTrue();

        var page = dev.html("/chat/sessions/" + sessionId);
        assertThat(page.body()).contains("chat-sources", "returns.md", "score 0.87")
                .doesNotContain("<script>alert('doc')").contains("&lt;script&gt;alert(&#39;doc&#39;)&lt;/script&gt;.txt");
    }

    @Test
    void aStreamedAnswerSendsItsSourcesBeforeDone() throws Exception {
        stub.script(OpenAiStub.Script.tokens(List.of("Free ", "returns.")).withSources(SOURCES));
        var stream = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"Returns?\"}",
                "text/event-stream", events -> false);
        var names = stream.events().stream().map(ChatApi.Event::name).toList();
        assertThat(names).containsSubsequence("token", "sources", "done").endsWith("done");
        var sources = stream.events().stream().filter(e -> e.name().equals("sources")).findFirst().orElseThrow();
        assertThat(sources.data().path("sources").get(0).path("document").asString()).isEqualTo("returns.md");
        var messageId = sources.data().path("messageId").asString();
        var done = stream.events().get(stream.events().size() - 1);
        assertThat(done.data().path("messageId").asString()).isEqualTo(messageId);

        // a plain answer has no sources event
        stub.script(OpenAiStub.Script.words("Plain."));
        var plain = dev.stream("/chat", "{\"model\":\"external:stub\",\"message\":\"hi\"}", "text/event-stream",
                events -> false);
        assertThat(plain.events()).noneMatch(e -> e.name().equals("sources"));
    }
}
