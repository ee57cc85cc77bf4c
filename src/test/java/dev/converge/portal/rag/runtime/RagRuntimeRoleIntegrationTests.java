package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.platform.openai.OpenAiStub;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal jar in its runtime role, started as the RAG manager's Deployment starts it, over HTTP: documents in the
 * embedded S3 server, the built-in embedding model, an OpenAI stub as the base model.
 */
class RagRuntimeRoleIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedS3Server s3;
    private static OpenAiStub baseModel;
    private static ArtifactStore store;
    private static ConfigurableApplicationContext runtime;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        s3 = EmbeddedS3Server.inMemory().start();
        baseModel = new OpenAiStub();
        store = ArtifactStore.forDocuments(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "us-east-1",
                "rag-documents", Clock.systemUTC());
        store.ensureBuckets();
        put("vision/handbook/tides.txt", "Spring tides happen at new and full moon, when the Sun and Moon align.");
        put("vision/handbook/coffee.md", "# Espresso\n\nAn espresso machine forces water through coffee at nine "
                + "bars of pressure.");
        put("vision/handbook/penguins.html", "<html><body><h1>Penguins</h1><p>The emperor penguin keeps its egg "
                + "warm on its feet.</p></body></html>");
        store.put(Bucket.DOCUMENTS, "vision/handbook/aqueducts.pdf", new ByteArrayInputStream(
                DocumentParserTests.pdf("Roman aqueducts carried water by gravity alone.")), ArtifactStore.UNKNOWN_SIZE,
                "application/pdf", "test");
        put("vision/handbook/broken.pdf", "this is not a PDF");
        put("vision/other/secret.txt", "Another RagModel's document about tides.");

        runtime = RagRuntimeApplication.run(new String[] {
                "--portal.role=rag-runtime",
                "--server.port=0",
                "--portal.rag-runtime.namespace=vision",
                "--portal.rag-runtime.name=handbook",
                "--portal.rag-runtime.documents.endpoint=" + s3.endpoint(),
                "--portal.rag-runtime.documents.access-key=" + s3.accessKey(),
                "--portal.rag-runtime.documents.secret-key=" + s3.secretKey(),
                "--portal.rag-runtime.base-model.url=" + baseModel.baseUrl(),
                "--portal.rag-runtime.base-model.model=llama-small",
                "--portal.rag-runtime.retrieval.top-k=2",
                "--portal.rag-runtime.reindex-interval=0s"});
        url = "http://127.0.0.1:" + ((WebServerApplicationContext) runtime).getWebServer().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        baseModel.close();
        s3.stop();
    }

    private static void put(String key, String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(Bucket.DOCUMENTS, key, new ByteArrayInputStream(bytes), bytes.length, "text/plain", "test");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/readiness").statusCode() == 200);
    }

    @Test
    void runsOnlyTheRuntimeNoPortalBeans() {
        assertThat(runtime.getBeanNamesForType(RagRuntimeHandler.class)).hasSize(1);
        for (var portalType : List.of("javax.sql.DataSource", "io.fabric8.kubernetes.client.KubernetesClient",
                "org.springframework.security.web.SecurityFilterChain", "dev.converge.portal.PortalProperties",
                "org.thymeleaf.spring6.SpringTemplateEngine", "org.flywaydb.core.Flyway")) {
            assertThat(runtime.getBeanNamesForType(load(portalType))).as(portalType).isEmpty();
        }
        assertThat(runtime.getBeanDefinitionNames()).noneMatch(name -> name.toLowerCase().contains("deployment"));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void healthAnswersAtOnceAndReadinessOnceIndexed() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        awaitReady();
        var readiness = json(get("/readiness"));
        assertThat(readiness.path("ready").asBoolean()).isTrue();
        assertThat(readiness.path("phase").asString()).isEqualTo("Degraded");
        assertThat(readiness.path("indexedDocuments").asInt()).isEqualTo(4);
        assertThat(readiness.path("failedDocuments").asInt()).isEqualTo(1);
        assertThat(readiness.path("chunks").asInt()).isEqualTo(4);
        assertThat(readiness.path("lastIndexedAt").asString()).isNotBlank();
    }

    @Test
    void listsItsOneModel() throws Exception {
        var models = json(get("/v1/models"));
        assertThat(models.path("object").asString()).isEqualTo("list");
        assertThat(models.path("data")).hasSize(1);
        assertThat(models.path("data").path(0).path("id").asString()).isEqualTo("handbook");
    }

    @Test
    void listsItsDocumentsWithTheOneThatFailed() throws Exception {
        awaitReady();
        var items = json(get("/v1/documents")).path("items");
        var names = new ArrayList<String>();
        items.forEach(item -> names.add(item.path("name").asString()));
        assertThat(names).containsExactly("aqueducts.pdf", "broken.pdf", "coffee.md", "penguins.html", "tides.txt");
        var broken = items.path(1);
        assertThat(broken.path("error").asString()).contains("not a readable PDF");
        assertThat(broken.path("chunks").asInt()).isZero();
        var pdf = items.path(0);
        assertThat(pdf.path("chunks").asInt()).isEqualTo(1);
        assertThat(pdf.path("sha256").asString()).hasSize(64);
        assertThat(pdf.path("size").asLong()).isPositive();
        assertThat(pdf.path("indexedAt").asString()).isNotBlank();
        assertThat(pdf.path("error").isNull()).isTrue();
    }

    @Test
    void retrievesTheChunksThatAnswer() throws Exception {
        awaitReady();
        var response = post("/v1/retrieve", "{\"query\":\"How did the Romans bring water to cities?\",\"topK\":1}");
        assertThat(response.statusCode()).isEqualTo(200);
        var chunk = json(response).path("chunks").path(0);
        assertThat(chunk.path("document").asString()).isEqualTo("aqueducts.pdf");
        assertThat(chunk.path("text").asString()).contains("gravity");
        assertThat(chunk.path("chunk").asInt()).isZero();
        assertThat(chunk.path("score").asDouble()).isBetween(0.3, 1.0);
        assertThat(json(post("/v1/retrieve", "{\"query\":\"penguin egg\"}")).path("chunks")).hasSize(2);
    }

    @Test
    void refusesBadRetrieveRequestsNamingTheField() throws Exception {
        for (var body : List.of("{\"query\":\"\"}", "{\"query\":42}", "{}", "{\"query\":\"tides\",\"topK\":0}",
                "{\"query\":\"tides\",\"topK\":51}", "{\"query\":\"tides\",\"topK\":2.5}",
                "{\"query\":\"tides\",\"topK\":\"3\"}", "[1,2]", "not json",
                "{\"query\":\"" + "x".repeat(RagRuntime.MAX_QUERY_LENGTH + 1) + "\"}")) {
            var response = post("/v1/retrieve", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("error").path("message").asString()).as(body).isNotBlank();
        }
        assertThat(json(post("/v1/retrieve", "{\"query\":\"tides\",\"topK\":0}")).path("error").path("param")
                .asString()).isEqualTo("topK");
        assertThat(post("/v1/retrieve", "{\"query\":\"" + "x".repeat(RagRuntimeHandler.MAX_BODY_BYTES) + "\"}")
                .statusCode()).isEqualTo(413);
        assertThat(get("/v1/retrieve").statusCode()).isEqualTo(405);
        assertThat(get("/v1/../../etc/passwd").statusCode()).isBetween(400, 404);
        assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void chatsWithTheRetrievedContextAndReturnsItsSources() throws Exception {
        awaitReady();
        baseModel.script(OpenAiStub.Script.words("Nine bars of pressure."));
        var response = post("/v1/chat/completions", """
                {"model":"handbook","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"What pressure does an espresso machine use?"}],"temperature":0.2}""");

        assertThat(response.statusCode()).isEqualTo(200);
        var answer = json(response);
        assertThat(answer.path("model").asString()).isEqualTo("handbook");
        assertThat(answer.path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("Nine bars of pressure.");
        assertThat(answer.path("converge_sources")).hasSize(2);
        assertThat(answer.path("converge_sources").path(0).path("document").asString()).isEqualTo("coffee.md");
        assertThat(answer.path("converge_sources").path(0).has("score")).isTrue();

        var sent = JSON.readTree(baseModel.requests().get(baseModel.requests().size() - 1));
        assertThat(sent.path("model").asString()).isEqualTo("llama-small");
        assertThat(sent.path("messages").path(0).path("content").asString()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").path(1).path("content").asString()).startsWith("""
                Context:
                [1] (source: coffee.md)
                Espresso

                An espresso machine forces water through coffee at nine bars of pressure.

                [2] (source: """).endsWith("\n\nQuestion: What pressure does an espresso machine use?");
    }

    @Test
    void streamsTheBaseModelsTokensThenTheSources() throws Exception {
        awaitReady();
        baseModel.script(OpenAiStub.Script.words("Spring tides at full moon."));
        var response = post("/v1/chat/completions", """
                {"model":"handbook","stream":true,"messages":[{"role":"user","content":"When are spring tides?"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        var events = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6)).toList();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        var text = new StringBuilder();
        events.subList(0, events.size() - 1).stream().map(JSON::readTree)
                .forEach(chunk -> text.append(chunk.path("choices").path(0).path("delta").path("content")
                        .asString("")));
        assertThat(text.toString()).isEqualTo("Spring tides at full moon.");
        var last = JSON.readTree(events.get(events.size() - 2));
        assertThat(last.path("model").asString()).isEqualTo("handbook");
        assertThat(last.path("converge_sources").path(0).path("document").asString()).isEqualTo("tides.txt");
        var finish = JSON.readTree(events.get(events.size() - 3));
        assertThat(finish.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aBaseModelThatRefusesIsABadGateway() throws Exception {
        awaitReady();
        baseModel.script(OpenAiStub.Script.failing(500, "{\"error\":{\"message\":\"model overloaded\"}}"));
        for (var stream : List.of(false, true)) {
            var response = post("/v1/chat/completions", "{\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"When are spring tides?\"}]}");
            assertThat(response.statusCode()).as("stream " + stream).isEqualTo(502);
            assertThat(json(response).path("error").path("message").asString()).contains("model overloaded");
        }
        baseModel.script(OpenAiStub.Script.words("ok"));
    }

    @Test
    void refusesBadChatRequestsNamingTheField() throws Exception {
        var cases = List.of(
                List.of("{\"messages\":[]}", "messages"),
                List.of("{\"messages\":\"hi\"}", "messages"),
                List.of("{\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}", "messages"),
                List.of("{\"messages\":[{\"role\":\"user\",\"content\":42}]}", "messages[0].content"),
                List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}", "stream"),
                List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":9}", "temperature"),
                List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1.5}", "max_tokens"),
                List.of("{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "messages[0].role"));
        for (var testCase : cases) {
            var response = post("/v1/chat/completions", testCase.get(0));
            assertThat(response.statusCode()).as(testCase.get(0)).isEqualTo(400);
            assertThat(json(response).path("error").path("param").asString()).as(testCase.get(0))
                    .isEqualTo(testCase.get(1));
        }
    }

    @Test
    void reindexPicksUpAnAddedDocument() throws Exception {
        awaitReady();
        put("vision/handbook/volcanoes.txt", "Magma that reaches the surface of a volcano is called lava.");
        assertThat(post("/v1/reindex", "").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/v1/documents")).path("items").size() == 6);
        var hit = json(post("/v1/retrieve", "{\"query\":\"what is lava\",\"topK\":1}")).path("chunks").path(0);
        assertThat(hit.path("document").asString()).isEqualTo("volcanoes.txt");
    }
}
