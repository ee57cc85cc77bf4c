package dev.converge.portal.sandbox.rag;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.converge.portal.rag.RuntimeContract;
import dev.converge.portal.rag.runtime.BuiltInEmbedder;
import dev.converge.portal.rag.runtime.Embedder;
import dev.converge.portal.rag.runtime.RagRuntimeHandler;
import dev.converge.portal.rag.runtime.RagRuntimeProperties;
import dev.converge.portal.rag.runtime.RagRuntimes;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.sandbox.kubernetes.ProxiedPod;
import dev.converge.portal.sandbox.kubernetes.ProxiedRequest;
import dev.converge.portal.sandbox.kubernetes.ProxiedResponse;
import dev.converge.portal.sandbox.kubernetes.SandboxPodServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RAG runtime in process for the simulated pods of RagModels: the pods of a runtime Deployment (env
 * {@code PORTAL_ROLE=rag-runtime}, or the RAG manager's labels and env) are answered by the runtime's own
 * {@link RagRuntimeHandler}, one per RagModel, built from the pod's env with the runtime's own binding, started
 * on the first request and closed when the Deployment goes ({@link #forget}) or the sandbox stops. All runtimes
 * share one built-in embedding model; documents come from the portal's own object storage (the embedded S3 in the
 * sandbox); cluster URLs in the env (the base model's Service) are reached through the sandbox's service proxy.
 * Everything blocking runs on a pool, never on the API server's event loop.
 */
public final class SandboxRagServer implements SandboxPodServer, AutoCloseable {

    static final String ROLE_ENV = "PORTAL_ROLE";
    static final String ROLE = "rag-runtime";
    /** The labels the RAG manager puts on a runtime's pods. */
    static final String KIND_LABEL = "converge.dev/kind";
    static final String KIND = "rag";

    private static final Logger log = LoggerFactory.getLogger(SandboxRagServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<String, ArtifactStore> stores;
    private final ClusterUrls urls;
    private final Clock clock;
    private final Supplier<Embedder> builtIn = SingletonSupplier.of(BuiltInEmbedder::new);
    private final Map<String, Served> runtimes = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    /** The runtime of one RagModel and the env it was built from (a rolled Deployment gets a new one). */
    private record Served(Map<String, String> env, RagRuntimeHandler handler) {
    }

    /**
     * @param stores the store of a documents bucket, by the bucket's name
     * @param urls   makes the env's cluster URLs reachable from this process
     */
    SandboxRagServer(Function<String, ArtifactStore> stores, ClusterUrls urls, Clock clock) {
        this.stores = stores;
        this.urls = urls;
        this.clock = clock;
        var threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "sandbox-rag-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean serves(ProxiedPod pod) {
        return ROLE.equals(pod.env().get(ROLE_ENV))
                || KIND.equals(pod.labels().get(KIND_LABEL)) && pod.env().containsKey(RuntimeContract.ENV_NAME);
    }

    @Override
    public void serve(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
        pool.execute(() -> answer(pod, request, response));
    }

    private void answer(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
        RagRuntimeHandler handler;
        try {
            handler = runtime(pod);
        } catch (RuntimeException e) {
            // like a container that exits at start on bad settings: nothing listens
            log.warn("Sandbox RAG runtime {}/{} cannot start: {}", pod.namespace(), pod.workloadName(),
                    e.getMessage());
            response.send(503, "application/json", "{\"error\":{\"message\":" + quote("the RAG runtime cannot "
                    + "start: " + e.getMessage()) + ",\"type\":\"server_error\",\"param\":null}}");
            return;
        }
        var path = request.query().isEmpty() ? request.path() : request.path() + "?" + request.query();
        var answer = handler.handle(request.method(), path, request.body());
        var headers = new HashMap<String, String>();
        headers.put("Content-Type", answer.contentType());
        if (answer.isStream()) {
            headers.put("Cache-Control", "no-cache");
        }
        response.start(answer.status(), headers);
        try (var relay = new ChunkRelay(response)) {
            answer.body().writeTo(relay);
        } catch (IOException | RuntimeException e) {
            if (response.isOpen()) {
                log.warn("Sandbox RAG runtime {}/{} failed mid-answer: {}", pod.namespace(), pod.workloadName(),
                        e.toString());
                response.abort();
            }
            return;
        }
        response.end();
    }

    /** The RagModel's runtime, built and started on its first request, rebuilt when the pod's env changed. */
    private RagRuntimeHandler runtime(ProxiedPod pod) {
        var key = key(pod.namespace(), modelName(pod));
        var served = runtimes.compute(key, (k, current) -> {
            if (current != null && current.env().equals(pod.env())) {
                return current;
            }
            if (current != null) {
                log.info("Sandbox RAG runtime {}: the env changed, starting it anew", k);
                current.handler().runtime().close();
            }
            var properties = properties(pod.env());
            var handler = RagRuntimes.fromProperties(properties, stores.apply(properties.documents().bucket()),
                    builtIn, clock);
            handler.runtime().start(properties.reindexInterval());
            log.info("Sandbox RAG runtime {} started in process (documents under {})", k, properties.prefix());
            return new Served(pod.env(), handler);
        });
        return served.handler();
    }

    /**
     * The runtime's settings from the pod's env through the runtime's own binding. Storage keys come from a Secret
     * the sandbox does not resolve into env: the in-process runtime uses the portal's store, so they are marked so.
     */
    private RagRuntimeProperties properties(Map<String, String> env) {
        var variables = new HashMap<String, Object>(env);
        variables.putIfAbsent(RuntimeContract.ENV_S3_ENDPOINT, "http://portal-object-storage.invalid");
        variables.putIfAbsent(RuntimeContract.ENV_S3_ACCESS_KEY, "in-process");
        variables.putIfAbsent(RuntimeContract.ENV_S3_SECRET_KEY, "in-process");
        reachable(variables, RuntimeContract.ENV_BASE_URL);
        reachable(variables, RuntimeContract.ENV_EMBEDDING_URL);
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "sandbox-pod-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return RagRuntimeProperties.bind(environment);
    }

    private void reachable(Map<String, Object> variables, String name) {
        if (variables.get(name) instanceof String url && !url.isBlank()) {
            variables.put(name, urls.reachable(url));
        }
    }

    /** The RagModel a pod serves: the runtime's own setting (the pod's top owner is the RagModel too). */
    private static String modelName(ProxiedPod pod) {
        var name = pod.env().get(RuntimeContract.ENV_NAME);
        return name == null || name.isBlank() ? pod.workloadName() : name;
    }

    /** Closes the runtime of a RagModel whose runtime Deployment was deleted. */
    void forget(String namespace, String ragModel) {
        var served = runtimes.remove(key(namespace, ragModel));
        if (served != null) {
            served.handler().runtime().close();
            log.info("Sandbox RAG runtime {}/{} closed: its Deployment is gone", namespace, ragModel);
        }
    }

    /** Whether a RagModel's runtime is running (for tests). */
    boolean isRunning(String namespace, String ragModel) {
        return runtimes.containsKey(key(namespace, ragModel));
    }

    private static String key(String namespace, String ragModel) {
        return namespace + "/" + ragModel;
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        runtimes.values().forEach(served -> served.handler().runtime().close());
        runtimes.clear();
    }
}
