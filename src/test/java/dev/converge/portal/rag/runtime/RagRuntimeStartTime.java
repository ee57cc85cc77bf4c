package dev.converge.portal.rag.runtime;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * bench/rag/start-time.sh (not a test): how long the runtime role takes to serve HTTP and to be ready over one
 * document, with the built-in embedding model ({@code -Dembedding=builtin}) or an embeddings endpoint
 * ({@code -Dembedding=endpoint}, a local stub: no model to load). One start per JVM, as in a pod.
 */
public final class RagRuntimeStartTime {

    public static void main(String[] args) throws Exception {
        var s3 = EmbeddedS3Server.inMemory().start();
        var store = ArtifactStore.forDocuments(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "us-east-1",
                "rag-documents", Clock.systemUTC());
        store.ensureBuckets();
        var text = "Spring tides happen at new and full moon.".getBytes(StandardCharsets.UTF_8);
        store.put(Bucket.DOCUMENTS, "vision/handbook/tides.txt", new ByteArrayInputStream(text), text.length,
                "text/plain", "bench");
        var builtIn = !"endpoint".equals(System.getProperty("embedding"));
        var arguments = new ArrayList<>(List.of("--portal.role=rag-runtime", "--server.port=0",
                "--portal.rag-runtime.namespace=vision", "--portal.rag-runtime.name=handbook",
                "--portal.rag-runtime.documents.endpoint=" + s3.endpoint(),
                "--portal.rag-runtime.documents.access-key=" + s3.accessKey(),
                "--portal.rag-runtime.documents.secret-key=" + s3.secretKey()));
        com.sun.net.httpserver.HttpServer stub = null;
        if (!builtIn) {
            stub = embeddingsStub();
            arguments.add("--portal.rag-runtime.embedding.url=http://127.0.0.1:" + stub.getAddress().getPort());
            arguments.add("--portal.rag-runtime.embedding.model=stub");
        }
        long start = System.nanoTime();
        var context = RagRuntimeApplication.run(arguments.toArray(String[]::new));
        double http = (System.nanoTime() - start) / 1e9;
        var url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        var client = HttpClient.newHttpClient();
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(5))
                .until(() -> client.send(HttpRequest.newBuilder(URI.create(url + "/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        double ready = (System.nanoTime() - start) / 1e9;
        System.out.printf("embedding %s: HTTP up %.2f s after run(), ready (1 document indexed) %.2f s; "
                + "JVM uptime at ready %.2f s%n", builtIn ? "built-in" : "endpoint (stub)", http, ready,
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        context.close();
        if (stub != null) {
            stub.stop(0);
        }
        s3.stop();
        System.exit(0);
    }

    private static com.sun.net.httpserver.HttpServer embeddingsStub() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int inputs = Math.max(1, body.split("\",\"", -1).length);
            var answer = new StringBuilder("{\"data\":[");
            for (int i = 0; i < inputs; i++) {
                answer.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":[1,0,0]}");
            }
            var bytes = answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
