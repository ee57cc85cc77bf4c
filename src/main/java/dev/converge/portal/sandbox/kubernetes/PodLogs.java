package dev.converge.portal.sandbox.kubernetes;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /api/v1/namespaces/{ns}/pods/{name}/log} from the simulated kubelet's {@link PodLogSource}, in
 * both forms: the lines so far, and {@code follow=true} as a chunked response that stays open, delivers each new
 * line as the simulation writes it and ends when the container stops. The mock web server can only send whole
 * bodies, so following is done here on the Vert.x response directly.
 */
final class PodLogs {

    private static final Logger log = LoggerFactory.getLogger(PodLogs.class);
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");

    /** Which container of which pod, once the pod is known. */
    record Target(String namespace, String pod, String container) {
    }

    /** Finds the pod (and its first container when none is named); empty when the pod does not exist. */
    interface PodLookup {
        Optional<Target> find(String namespace, String pod, String container);
    }

    private final PodLogSource source;
    private final PodLookup pods;

    PodLogs(PodLogSource source, PodLookup pods) {
        this.source = source;
        this.pods = pods;
    }

    static Optional<String[]> parse(String pathWithoutQuery) {
        var matcher = PATH.matcher(pathWithoutQuery);
        return matcher.matches() ? Optional.of(new String[] {matcher.group(1), matcher.group(2)}) : Optional.empty();
    }

    static boolean isFollow(HttpServerRequest request) {
        return request.method() == io.vertx.core.http.HttpMethod.GET && parse(request.path()).isPresent()
                && "true".equals(request.getParam("follow"));
    }

    Optional<Target> target(String namespace, String pod, String container) {
        return pods.find(namespace, pod, container == null || container.isBlank() ? null : container);
    }

    /** The lines so far, the last {@code tailLines} of them when given, each ending in a newline. */
    String text(Target target, String tailLines) {
        var builder = new StringBuilder();
        tail(source.lines(target.namespace(), target.pod(), target.container()), tailLines)
                .forEach(line -> builder.append(line).append('\n'));
        return builder.toString();
    }

    /** Streams the log of a running container until it stops or the client goes away. */
    void follow(HttpServerRequest request) {
        var path = parse(request.path()).orElseThrow();
        var response = request.response();
        var target = target(path[0], path[1], request.getParam("container"));
        if (target.isEmpty()) {
            response.setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(KubeStatus.notFound("pods", path[1]));
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", "text/plain").setChunked(true);
        response.write(text(target.get(), request.getParam("tailLines")));
        var t = target.get();
        if (!source.isRunning(t.namespace(), t.pod(), t.container())) {
            response.end();
            return;
        }
        // Lines logged between reading the history above and subscribing here are not repeated; the
        // simulation writes a line every few hundred milliseconds, so the window is negligible.
        var stream = new FollowedStream(response);
        var handle = source.follow(t.namespace(), t.pod(), t.container(), stream::line, stream::end);
        stream.onClose(handle);
    }

    private static List<String> tail(List<String> lines, String tailLines) {
        if (tailLines == null || tailLines.isBlank()) {
            return lines;
        }
        try {
            var n = Math.max(0, Integer.parseInt(tailLines));
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (NumberFormatException e) {
            return lines;
        }
    }

    /** One open follow response: writes lines until ended, by the container stopping or the client leaving. */
    private static final class FollowedStream {
        private final HttpServerResponse response;
        private final AtomicBoolean ended = new AtomicBoolean();

        FollowedStream(HttpServerResponse response) {
            this.response = response;
        }

        void line(String line) {
            if (!ended.get()) {
                response.write(line + "\n");
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                response.end();
            }
        }

        void onClose(AutoCloseable handle) {
            response.closeHandler(ignored -> {
                ended.set(true);
                try {
                    handle.close();
                } catch (Exception e) {
                    log.debug("Closing a log follow failed", e);
                }
            });
        }
    }
}
