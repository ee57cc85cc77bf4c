package dev.converge.portal.sandbox.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.converge.portal.platform.mlflow.EmbeddedTrackingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's MLflow tracking server: MLflow's REST API ({@link TrackingApi}) on {@code 127.0.0.1} only, served by
 * the JDK's HTTP server, with experiments, runs and the model registry kept in the portal's database. It SIMULATES a
 * tracking server: no artifacts are stored (the artifact list is empty) and nothing authenticates callers.
 */
public final class SandboxTrackingServer implements EmbeddedTrackingServer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxTrackingServer.class);
    private static final String[] PREFIXES = {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"};
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int THREADS = 4;

    /** Python's json module writes NaN and Infinity bare; MLflow's server takes them. */
    private final JsonMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final TrackingDatabase db;
    private final TrackingApi api;
    private final ExperimentStore experiments;
    private final RunStore runs;
    private final RegistryStore registry;
    private HttpServer server;
    private ExecutorService executor;

    /** A server on the tracking tables of {@code dataSource}; new experiments keep artifacts under {@code artifactRoot}. */
    public SandboxTrackingServer(DataSource dataSource, String artifactRoot) {
        this.db = new TrackingDatabase(dataSource);
        this.experiments = new ExperimentStore(db, artifactRoot);
        this.runs = new RunStore(db, experiments);
        this.registry = new RegistryStore(db);
        this.api = new TrackingApi(experiments, runs, registry);
    }

    /** Creates MLflow's Default experiment and the labelled demo data, once: only when there is no experiment yet. */
    public SandboxTrackingServer seedOnce() {
        // one transaction: a portal stopped halfway leaves no half-seeded demo behind, and it is faster
        db.inTransaction(() -> {
            if (experiments.isEmpty()) {
                new DemoSeed(experiments, runs, registry).seed();
            }
        });
        return this;
    }

    /** Listens on {@code 127.0.0.1:port}; 0 picks a free port. */
    public synchronized SandboxTrackingServer start(int port) {
        if (server != null) {
            throw new IllegalStateException("The sandbox tracking server is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("The sandbox MLflow tracking server could not listen on 127.0.0.1:"
                    + port, e);
        }
        var threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, task -> {
            var thread = new Thread(task, "sandbox-mlflow-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    @Override
    public synchronized URI trackingUri() {
        if (server == null) {
            throw new IllegalStateException("The sandbox tracking server is not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            if (path.equals("/health")) {
                send(exchange, 200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
                return;
            }
            var endpoint = endpoint(path);
            try {
                if (endpoint == null) {
                    throw MlflowError.endpointNotFound("No API endpoint " + path
                            + "; the sandbox tracking server serves /api/2.0/mlflow/...");
                }
                var method = exchange.getRequestMethod();
                var request = new TrackingRequest(parameters(exchange, method));
                sendJson(exchange, 200, api.call(method, endpoint, request));
            } catch (MlflowError e) {
                sendJson(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
            } catch (TrackingApi.MethodNotAllowed e) {
                exchange.getResponseHeaders().add("Allow", String.join(", ", e.allowed));
                sendJson(exchange, 405, error("BAD_REQUEST", e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("The sandbox tracking server failed on {} {}", exchange.getRequestMethod(), path, e);
                sendJson(exchange, 500, error("INTERNAL_ERROR", "The sandbox tracking server failed: "
                        + e.getClass().getSimpleName()));
            }
        }
    }

    private static String endpoint(String path) {
        for (var prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                return path.substring(prefix.length());
            }
        }
        return null;
    }

    /** A GET's query string, or the JSON body of the other methods (a DELETE may use either). */
    private JsonNode parameters(HttpExchange exchange, String method) throws IOException {
        var body = readBody(exchange.getRequestBody());
        if (method.equals("GET") || (method.equals("DELETE") && body.isBlank())) {
            return query(exchange.getRequestURI().getRawQuery());
        }
        if (body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            var node = json.readTree(body);
            if (!node.isObject()) {
                throw MlflowError.badRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw MlflowError.badRequest("Malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    private static String readBody(InputStream in) throws IOException {
        var bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw MlflowError.badRequest("The request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private ObjectNode query(String raw) {
        var node = json.createObjectNode();
        if (raw == null || raw.isEmpty()) {
            return node;
        }
        for (var pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw MlflowError.badRequest("Malformed query string: " + e.getMessage());
            }
            var existing = node.get(name);
            if (existing == null) {
                node.put(name, value);
            } else if (existing.isArray()) {
                ((tools.jackson.databind.node.ArrayNode) existing).add(value);
            } else {
                node.putArray(name).add(existing).add(value);
            }
        }
        return node;
    }

    private ObjectNode error(String code, String message) {
        return json.createObjectNode().put("error_code", code).put("message", message);
    }

    private void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
