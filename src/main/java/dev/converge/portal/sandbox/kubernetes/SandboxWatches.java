package dev.converge.portal.sandbox.kubernetes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox API server's watches ({@code ?watch=true}), over WebSocket (fabric8 clients) and as a chunked HTTP
 * stream of newline-delimited events ({@code kubectl get -w}). Changes come from {@link SandboxStore}; each is
 * serialized once and handed to the matching watches, whose writes run on their own connection's event loop, so
 * neither a write nor a closing watch ever waits. Filters are the store's own: namespace, equality label
 * selectors and {@code metadata.name} field selectors.
 * <p>
 * A bounded history of recent changes lets a watch resume from a {@code resourceVersion} (informers list, then
 * watch from the list's version) without losing what happened in between; a version older than the history gets
 * an {@code ERROR} event with a 410 {@code Expired} status, as from a real API server, and informers relist.
 * Bookmarks are not sent ({@code allowWatchBookmarks} is a request, not a promise); {@code timeoutSeconds} ends
 * the watch.
 */
final class SandboxWatches implements AutoCloseable {

    static final int HISTORY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SandboxWatches.class);
    /** Events a slow watcher may have queued before it is dropped (it resumes from its last version). */
    private static final int MAX_QUEUED_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final SandboxStore store;
    private final int historySize;
    private final ArrayDeque<StoreChange> history = new ArrayDeque<>();
    private final Set<Watch> watches = new HashSet<>();
    /** Changes up to this version are no longer in the history. */
    private long forgottenUpTo;

    SandboxWatches(Vertx vertx, SandboxStore store, int historySize) {
        this.vertx = vertx;
        this.store = store;
        this.historySize = historySize;
        // Nothing before now is known: whoever watches from an older version must list again.
        this.forgottenUpTo = store.requestResourceVersion();
        store.onChange(this::publish);
    }

    static boolean isWatch(HttpServerRequest request) {
        var watch = request.getParam("watch");
        return request.method() == HttpMethod.GET && ("true".equals(watch) || "1".equals(watch));
    }

    /** How many watches are open. */
    synchronized int open() {
        return watches.size();
    }

    /** Called under the store's write lock, once per change, in resourceVersion order. */
    synchronized void publish(StoreChange change) {
        history.addLast(change);
        if (history.size() > historySize) {
            forgottenUpTo = history.removeFirst().resourceVersion();
        }
        var events = new String[StoreChange.Type.values().length];
        for (var watch : watches) {
            var type = change.typeFor(watch.filter);
            if (type != null) {
                if (events[type.ordinal()] == null) {
                    events[type.ordinal()] = StoreChange.event(type.name(), change.object());
                }
                watch.send(events[type.ordinal()]);
            }
        }
    }

    /** Serves a watch request; runs on the request's event loop. */
    void serve(HttpServerRequest request) {
        var filter = store.getAttributeExtractor().fromPath(request.uri());
        var since = request.getParam("resourceVersion");
        var timeout = seconds(request.getParam("timeoutSeconds"));
        var context = vertx.getOrCreateContext();
        if (request.canUpgradeToWebSocket()) {
            request.toWebSocket()
                    .onSuccess(socket -> start(new Watch(filter, new WebSocketStream(socket), context), request.uri(),
                            since, timeout))
                    .onFailure(e -> log.debug("A watch's WebSocket handshake failed: {}", e.getMessage()));
        } else {
            var response = request.response().setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "application/json");
            response.writeHead();
            start(new Watch(filter, new ChunkedStream(response), context), request.uri(), since, timeout);
        }
    }

    private void start(Watch watch, String uri, String since, long timeoutSeconds) {
        watch.stream.onClose(() -> forget(watch));
        try {
            open(watch, uri, since, timeoutSeconds);
        } catch (RuntimeException e) {
            log.warn("Could not start a watch on {}: {}", uri, e.toString());
            watch.fail(KubeStatus.failure(500, "InternalError", "the watch could not start: " + e.getMessage()));
        }
    }

    private void open(Watch watch, String uri, String since, long timeoutSeconds) {
        long from;
        if (since == null || since.isEmpty() || since.equals("0")) {
            from = sendCurrentObjects(watch, uri);
        } else {
            try {
                from = Long.parseLong(since);
            } catch (NumberFormatException e) {
                watch.fail(KubeStatus.failure(400, "BadRequest", "invalid resource version: " + since));
                return;
            }
        }
        synchronized (this) {
            if (from < forgottenUpTo) {
                watch.fail(KubeStatus.failure(410, "Expired",
                        "too old resource version: " + from + " (" + forgottenUpTo + ")"));
                return;
            }
            for (var change : history) {
                var type = change.resourceVersion() > from ? change.typeFor(watch.filter) : null;
                if (type != null) {
                    watch.send(StoreChange.event(type.name(), change.object()));
                }
            }
            watches.add(watch);
        }
        if (timeoutSeconds > 0) {
            watch.timer = vertx.setTimer(timeoutSeconds * 1000, id -> end(watch));
        }
    }

    /**
     * A watch without a version starts, like on a real API server, with every current object as ADDED; then
     * continues from the version of that list.
     */
    private long sendCurrentObjects(Watch watch, String uri) {
        var response = store.handleGet(withoutWatch(uri));
        if (response.code() != 200 || response.getBody() == null) {
            // A named object that does not exist (yet): only what happens from now on.
            return store.requestResourceVersion();
        }
        var body = Serialization.jsonMapper().readTree(response.getBody().readUtf8());
        // A list, or the object itself for a watch on a named path.
        for (var item : body.has("items") ? body.path("items") : List.of(body)) {
            watch.send(StoreChange.event("ADDED", item.toString()));
        }
        return Long.parseLong(body.path("metadata").path("resourceVersion").asString("0"));
    }

    /** The same request as a list: the store would take it for a watch otherwise. */
    static String withoutWatch(String uri) {
        var query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        var kept = Arrays.stream(uri.substring(query + 1).split("&"))
                .filter(pair -> !pair.equals("watch") && !pair.startsWith("watch="))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? uri.substring(0, query) : uri.substring(0, query) + "?" + kept;
    }

    private synchronized void forget(Watch watch) {
        watches.remove(watch);
        if (watch.timer >= 0) {
            vertx.cancelTimer(watch.timer);
        }
    }

    private void end(Watch watch) {
        forget(watch);
        watch.context.runOnContext(ignored -> watch.stream.end());
    }

    /** Ends every open watch; clients watch again from the last version they saw. */
    void endAll() {
        List<Watch> open;
        synchronized (this) {
            open = new ArrayList<>(watches);
        }
        open.forEach(this::end);
    }

    /** Ends every watch, so clients see their streams close rather than break. */
    @Override
    public void close() {
        store.onChange(change -> { });
        endAll();
    }

    private static long seconds(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One open watch: its filter, its stream and the event loop its connection lives on. */
    private final class Watch {
        final AttributeSet filter;
        final EventStream stream;
        final Context context;
        volatile long timer = -1;

        Watch(AttributeSet filter, EventStream stream, Context context) {
            this.filter = filter;
            this.stream = stream;
            this.context = context;
        }

        /**
         * Queues the event on the connection's own event loop: never blocks the caller, and keeps the order of
         * events whatever thread publishes them. A watcher that does not keep up is dropped, as a real API server
         * does; it resumes from the last version it saw.
         */
        void send(String event) {
            context.runOnContext(ignored -> {
                if (stream.isClosed()) {
                    return;
                }
                if (stream.backedUp()) {
                    log.debug("Dropping a watch that does not read its events");
                    end(this);
                    return;
                }
                stream.write(event);
            });
        }

        void fail(String status) {
            send(StoreChange.event("ERROR", status));
            context.runOnContext(ignored -> stream.end());
        }
    }

    /** Where a watch's events go: a WebSocket or a chunked HTTP response. */
    private interface EventStream {
        void write(String event);

        boolean backedUp();

        boolean isClosed();

        void end();

        void onClose(Runnable onClose);
    }

    private record WebSocketStream(ServerWebSocket socket) implements EventStream {
        WebSocketStream {
            socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        }

        @Override
        public void write(String event) {
            socket.writeTextMessage(event);
        }

        @Override
        public boolean backedUp() {
            return socket.writeQueueFull();
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public void end() {
            if (!socket.isClosed()) {
                socket.close();
            }
        }

        @Override
        public void onClose(Runnable onClose) {
            socket.closeHandler(ignored -> onClose.run());
            socket.exceptionHandler(e -> log.debug("A watch's WebSocket failed: {}", e.getMessage()));
        }
    }

    /** Newline-delimited JSON events on a response that stays open, as {@code kubectl get -w} reads them. */
    private record ChunkedStream(HttpServerResponse response) implements EventStream {
        ChunkedStream {
            response.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        }

        @Override
        public void write(String event) {
            response.write(event + "\n");
        }

        @Override
        public boolean backedUp() {
            return response.writeQueueFull();
        }

        @Override
        public boolean isClosed() {
            return response.closed() || response.ended();
        }

        @Override
        public void end() {
            if (!isClosed()) {
                response.end();
            }
        }

        @Override
        public void onClose(Runnable onClose) {
            response.closeHandler(ignored -> onClose.run());
            response.endHandler(ignored -> onClose.run());
            response.exceptionHandler(e -> log.debug("A watch's response failed: {}", e.getMessage()));
        }
    }
}
