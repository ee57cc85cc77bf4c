package dev.converge.portal.rag.runtime;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipFile;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * bench/rag/jar-check.sh (not a test: it needs the packaged jar): the jar as built, with only the Linux natives of
 * ONNX Runtime and DJL's tokenizers (pom.xml, linux-natives-only), started with {@code --portal.role=rag-runtime}
 * over two documents in an embedded S3 server, must become ready with the built-in embedding model and retrieve the
 * right document. Prints the jar's size and the natives it holds; exits non-zero on any failure.
 */
public final class PackagedRuntimeCheck {

    public static void main(String[] args) throws Exception {
        var jar = Path.of(args[0]);
        System.out.printf("jar %s: %.1f MB%n", jar, Files.size(jar) / 1e6);
        try (var zip = new ZipFile(jar.toFile())) {
            var natives = zip.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".pdb"))
                    .filter(n -> n.startsWith("BOOT-INF/classes/")).toList();
            natives.forEach(n -> System.out.println("  native " + n));
            require(natives.stream().noneMatch(n -> n.contains("/win-") || n.contains("/osx-")),
                    "only Linux natives in the jar");
            require(zip.stream().noneMatch(e -> e.getName().matches("BOOT-INF/lib/(onnxruntime|tokenizers)-.*")),
                    "the all-OS jars of onnxruntime and tokenizers are not in BOOT-INF/lib");
        }
        var s3 = EmbeddedS3Server.inMemory().start();
        Process runtime = null;
        try {
            var store = ArtifactStore.forDocuments(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(),
                    "us-east-1", "rag-documents", Clock.systemUTC());
            store.ensureBuckets();
            put(store, "vision/handbook/tides.txt", "Spring tides happen at new and full moon, when the sun and "
                    + "the moon pull the ocean in a line.");
            put(store, "vision/handbook/bees.md", "# Bees\n\nHoneybees tell each other where flowers are by "
                    + "dancing a waggle dance in the hive.");
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            var log = Files.createTempFile("rag-jar-check", ".log");
            var started = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--portal.role=rag-runtime", "--server.port=" + port,
                    "--portal.rag-runtime.namespace=vision", "--portal.rag-runtime.name=handbook",
                    "--portal.rag-runtime.documents.endpoint=" + s3.endpoint(),
                    "--portal.rag-runtime.documents.access-key=" + s3.accessKey(),
                    "--portal.rag-runtime.documents.secret-key=" + s3.secretKey()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            runtime = started;
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            var base = "http://127.0.0.1:" + port;
            long start = System.nanoTime();
            String readiness = null;
            try {
                // not listening yet is an IOException: polled again until ready, or the process ends
                readiness = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptionsInstanceOf(java.io.IOException.class)
                        .failFast("the runtime exited", () -> !started.isAlive())
                        .until(() -> {
                            var response = client.send(HttpRequest.newBuilder(URI.create(base + "/readiness"))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            return response.statusCode() == 200 ? response.body() : null;
                        }, body -> body != null);
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                System.out.println(Files.readString(log));
            }
            require(readiness != null, "the packaged runtime became ready");
            System.out.printf("ready after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, readiness);
            var retrieved = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/retrieve"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"How do honeybees show the way to "
                            + "flowers?\",\"topK\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("retrieve: " + retrieved.statusCode() + " " + retrieved.body());
            require(retrieved.statusCode() == 200 && retrieved.body().contains("bees.md"),
                    "the built-in embedding model retrieves the bees document");
            System.out.println("OK: the packaged jar runs a rag runtime that embeds and retrieves");
        } finally {
            if (runtime != null) {
                runtime.destroy();
                runtime.waitFor();
            }
            s3.stop();
        }
    }

    private static void put(ArtifactStore store, String key, String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(Bucket.DOCUMENTS, key, new ByteArrayInputStream(bytes), bytes.length, "text/plain", "check");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
        System.out.println("ok: " + what);
    }
}
