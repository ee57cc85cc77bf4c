package dev.converge.portal.sandbox.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The sandbox's Kubernetes API server: fabric8's mock API server in CRUD mode (its store, as {@link SandboxStore},
 * and its Vert.x request handler), served on {@code 127.0.0.1} only, behind a {@link SandboxDispatcher} that adds
 * what real clients need. Watches, over WebSocket and chunked HTTP, are served by {@link SandboxWatches} rather than
 * by the store. It SIMULATES a cluster: nothing here runs containers.
 * <p>
 * The HTTP server is created here rather than by {@code KubernetesMockServer}/{@code MockWebServer} because those
 * can only answer with whole bodies, and {@code kubectl logs -f} / {@code watchLog()} need a response that stays
 * open and streams; {@link PodLogs} and {@link SandboxWatches} write those on the Vert.x response itself.
 */
public final class SandboxApiServer implements AutoCloseable {

    /** The token in the sandbox kubeconfig; the sandbox accepts any caller, so it guards nothing. */
    public static final String DUMMY_TOKEN = "converge-sandbox-token";

    /** The key of {@link #requests} under which service proxy requests are counted. */
    public static final String PROXIED = "PROXIED";

    private static final List<String> WEBSOCKET_SUBPROTOCOLS =
            List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "v1.channel.k8s.io");

    private final SandboxStore store = new SandboxStore();
    private final SandboxDispatcher dispatcher;
    private final int watchHistory;
    /** Requests served, by HTTP method: benchmarks check that pages are served without calling the API server. */
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private Vertx vertx;
    private HttpServer server;
    private SandboxWatches watches;
    private volatile Supplier<List<SandboxPodServer>> podServers = List::of;
    private final ServiceProxy proxy = new ServiceProxy(store, () -> podServers.get());

    public SandboxApiServer(PodLogSource logs, PodMetricsSource metrics) {
        this(logs, metrics, SandboxWatches.HISTORY);
    }

    /** With a history of {@code watchHistory} changes for watches that resume from a resourceVersion. */
    SandboxApiServer(PodLogSource logs, PodMetricsSource metrics, int watchHistory) {
        this.dispatcher = new SandboxDispatcher(store, logs, metrics);
        this.watchHistory = watchHistory;
    }

    /** Listens on {@code 127.0.0.1:port}; 0 picks a free port. */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException("The sandbox API server is already started");
        }
        vertx = Vertx.vertx();
        var crud = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        var logs = dispatcher.logs();
        watches = new SandboxWatches(vertx, store, watchHistory);
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setWebSocketSubProtocols(WEBSOCKET_SUBPROTOCOLS)
                        .setHandle100ContinueAutomatically(true))
                .requestHandler(request -> {
                    if (ServiceProxy.isProxy(request)) {
                        // Counted apart: a chat's POST through the proxy is no write to the store, and must not
                        // make the state be saved again.
                        requests.computeIfAbsent(PROXIED, method -> new LongAdder()).increment();
                        proxy.serve(request);
                        return;
                    }
                    requests.computeIfAbsent(request.method().name(), method -> new LongAdder()).increment();
                    if (SandboxWatches.isWatch(request)) {
                        watches.serve(request);
                    } else if (PodLogs.isFollow(request)) {
                        logs.follow(request);
                    } else {
                        crud.handle(request);
                    }
                });
        await(server.listen(), "start the sandbox API server on 127.0.0.1:" + port);
        dispatcher.serverAddress("127.0.0.1:" + server.actualPort());
    }

    /**
     * What answers for pods behind the service proxy ({@link SandboxPodServer}); asked on each proxied request, so
     * the supplier may resolve them late.
     */
    public void podServers(Supplier<List<SandboxPodServer>> podServers) {
        this.podServers = podServers;
    }

    /**
     * How many requests with this HTTP method ({@code GET}, {@code PUT}, ...) were served so far; {@value #PROXIED}
     * for the requests of any method passed to pods by the service proxy (counted under it only).
     */
    public long requests(String method) {
        var count = requests.get(method);
        return count == null ? 0 : count.sum();
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Client settings for this server: no kubeconfig, environment or service account is consulted. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withOauthToken(DUMMY_TOKEN)
                .withNamespace("default")
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(1)
                .build();
    }

    /** How many watches are open right now. */
    int openWatches() {
        return watches.open();
    }

    /** Ends every open watch, as a restarting API server would; clients watch again. */
    void endWatches() {
        watches.endAll();
    }

    SandboxStore store() {
        return store;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        watches.close();
        store.shutdown();
        await(server.close(), "stop the sandbox API server");
        await(vertx.close(), "stop the sandbox API server's event loop");
        server = null;
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getMessage(), e);
        }
    }
}
