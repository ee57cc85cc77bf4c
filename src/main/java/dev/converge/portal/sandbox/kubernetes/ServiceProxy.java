package dev.converge.portal.sandbox.kubernetes;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's service proxy, {@code /api/v1/namespaces/{ns}/services/{id}/proxy/{path}} with {@code id} one of
 * {@code name}, {@code name:port} or {@code scheme:name:port} (port by name or number), as {@code kubectl proxy}
 * and {@code kubectl get --raw} use it. Any method; path, query string, headers and body go to a Running and Ready
 * pod the Service selects (round-robin), answered by the first {@link SandboxPodServer} that serves it; its response
 * streams back unbuffered, and a client that goes away cancels it. Errors are the real API server's: a missing
 * Service is 404 {@code services "x" not found}, no Ready pod 503 {@code no endpoints available for service "x"}.
 */
final class ServiceProxy {

    private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
    private static final Pattern PATH =
            Pattern.compile("^/api/v1/namespaces/([^/]+)/services/([^/]+)/proxy(/.*)?$");
    private static final String JSON = "application/json";
    static final int MAX_BODY = 3 * 1024 * 1024;

    private final KubernetesCrudDispatcher store;
    private final Supplier<List<SandboxPodServer>> servers;
    private final Map<String, AtomicInteger> nextPod = new ConcurrentHashMap<>();

    ServiceProxy(KubernetesCrudDispatcher store, Supplier<List<SandboxPodServer>> servers) {
        this.store = store;
        this.servers = servers;
    }

    static boolean isProxy(HttpServerRequest request) {
        return PATH.matcher(request.path()).matches();
    }

    /** Reads the whole body (at most {@link #MAX_BODY} bytes, as a real API server), then answers from a pod. */
    void serve(HttpServerRequest request) {
        var response = new VertxProxiedResponse(request.response());
        var body = Buffer.buffer();
        var refused = new AtomicBoolean();
        request.handler(chunk -> {
            if (refused.get()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                refused.set(true);
                fail(response, 413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BODY);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (refused.compareAndSet(false, true)) {
                fail(response, 400, "BadRequest", "the request body could not be read");
            }
        });
        request.endHandler(ignored -> {
            if (refused.get()) {
                return;
            }
            try {
                route(request, body.getBytes(), response);
            } catch (RuntimeException e) {
                log.warn("The sandbox service proxy failed to serve {} {}", request.method(), request.path(), e);
                fail(response, 500, "InternalError", "the sandbox service proxy failed: " + e.getMessage());
            }
        });
    }

    private void route(HttpServerRequest request, byte[] body, ProxiedResponse response) {
        var matcher = PATH.matcher(request.path());
        if (!matcher.matches()) {
            throw new IllegalStateException("not a proxy path: " + request.path());
        }
        var namespace = decode(matcher.group(1));
        var id = decode(matcher.group(2));
        var path = matcher.group(3) == null ? "/" : matcher.group(3);
        var target = ServiceId.parse(id);
        var service = read("/api/v1/namespaces/" + namespace + "/services/" + encode(target.name()), Service.class);
        if (service.isEmpty()) {
            fail(response, 404, "NotFound", "services \"" + target.name() + "\" not found");
            return;
        }
        var port = servicePort(service.get(), target.port());
        var ready = port.isEmpty() ? List.<Pod>of() : readyPods(namespace, service.get());
        if (ready.isEmpty()) {
            fail(response, 503, "ServiceUnavailable", "no endpoints available for service \"" + id + "\"");
            return;
        }
        var key = namespace + "/" + target.name();
        var index = Math.floorMod(nextPod.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement(),
                ready.size());
        var pod = proxiedPod(ready.get(index), port.get());
        var headers = new HashMap<String, String>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        var proxied = new ProxiedRequest(request.method().name(), path, request.query() == null ? ""
                : request.query(), headers, body);
        var server = servers.get().stream().filter(s -> s.serves(pod)).findFirst();
        if (server.isEmpty()) {
            // What a real API server reports when nothing listens on the pod's port.
            var ip = ready.get(index).getStatus().getPodIP();
            fail(response, 503, "ServiceUnavailable", "error trying to reach service: dial tcp "
                    + (ip == null ? pod.name() : ip) + ":" + pod.port() + ": connect: connection refused");
            return;
        }
        server.get().serve(pod, proxied, response);
    }

    /** The Service port the id names (by name or number), or its first port when it names none. */
    private static Optional<ServicePort> servicePort(Service service, String wanted) {
        var ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.<ServicePort>of() : service.getSpec().getPorts();
        return ports.stream().filter(p -> wanted.isEmpty() || wanted.equals(p.getName())
                || wanted.equals(String.valueOf(p.getPort()))).findFirst();
    }

    private List<Pod> readyPods(String namespace, Service service) {
        var selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        var query = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        var response = store.handleGet("/api/v1/namespaces/" + namespace + "/pods?labelSelector=" + encode(query));
        if (response.code() != 200 || response.getBody() == null) {
            return List.of();
        }
        var items = Serialization.jsonMapper().readTree(response.getBody().readUtf8()).path("items");
        return items.values().stream().map(item -> Serialization.unmarshal(item.toString(), Pod.class))
                .filter(pod -> selected(pod, selector) && readyToServe(pod))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName())).toList();
    }

    private static boolean selected(Pod pod, Map<String, String> selector) {
        var labels = pod.getMetadata().getLabels() == null ? Map.<String, String>of() : pod.getMetadata().getLabels();
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean readyToServe(Pod pod) {
        var status = pod.getStatus();
        return pod.getMetadata().getDeletionTimestamp() == null && status != null
                && "Running".equals(status.getPhase()) && status.getConditions() != null
                && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                        && "True".equals(c.getStatus()));
    }

    private ProxiedPod proxiedPod(Pod pod, ServicePort servicePort) {
        var metadata = pod.getMetadata();
        var containers = pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? List.<Container>of() : pod.getSpec().getContainers();
        var target = servicePort.getTargetPort();
        int port = servicePort.getPort();
        Container container = containers.isEmpty() ? null : containers.get(0);
        for (var candidate : containers) {
            for (var p : candidate.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ContainerPort>of()
                    : candidate.getPorts()) {
                if (matches(target, p.getName(), p.getContainerPort(), port)) {
                    container = candidate;
                    port = p.getContainerPort();
                }
            }
        }
        if (target != null && target.getIntVal() != null) {
            port = target.getIntVal();
        }
        var env = new HashMap<String, String>();
        if (container != null && container.getEnv() != null) {
            container.getEnv().stream().filter(e -> e.getName() != null && e.getValue() != null)
                    .forEach(e -> env.put(e.getName(), e.getValue()));
        }
        var workload = workload(metadata.getNamespace(), metadata.getOwnerReferences(), 0);
        return new ProxiedPod(metadata.getNamespace(), metadata.getName(),
                metadata.getLabels() == null ? Map.of() : metadata.getLabels(),
                workload.map(GenericKubernetesResource::getKind).orElse("Pod"),
                workload.map(w -> w.getMetadata().getName()).orElse(metadata.getName()),
                workload.map(w -> w.getMetadata().getAnnotations()).filter(a -> a != null).orElse(Map.of()),
                env, port);
    }

    private static boolean matches(IntOrString target, String name, Integer containerPort, int servicePort) {
        if (target == null) {
            return containerPort != null && containerPort == servicePort;
        }
        if (target.getStrVal() != null) {
            return target.getStrVal().equals(name);
        }
        return target.getIntVal() != null && target.getIntVal().equals(containerPort);
    }

    /** The top controller of a pod (Deployment over ReplicaSet, StatefulSet, ...), following controller refs. */
    private Optional<GenericKubernetesResource> workload(String namespace, List<OwnerReference> owners, int depth) {
        var controller = owners == null ? Optional.<OwnerReference>empty() : owners.stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
        if (controller.isEmpty() || depth > 3) {
            return Optional.empty();
        }
        var owner = controller.get();
        var apiVersion = owner.getApiVersion();
        var plural = owner.getKind().toLowerCase(Locale.ROOT) + "s";
        var base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        var found = read(base + "/namespaces/" + namespace + "/" + plural + "/" + encode(owner.getName()),
                GenericKubernetesResource.class);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return workload(namespace, found.get().getMetadata().getOwnerReferences(), depth + 1).or(() -> found);
    }

    private <T> Optional<T> read(String path, Class<T> type) {
        var response = store.handleGet(path);
        if (response.code() != 200 || response.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(Serialization.unmarshal(response.getBody().readUtf8(), type));
    }

    private static void fail(ProxiedResponse response, int code, String reason, String message) {
        response.send(code, JSON, KubeStatus.failure(code, reason, message));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code name}, {@code name:port} or {@code scheme:name:port}; the scheme is accepted and ignored. */
    record ServiceId(String name, String port) {
        static ServiceId parse(String id) {
            var parts = id.split(":", -1);
            return switch (parts.length) {
                case 1 -> new ServiceId(parts[0], "");
                case 2 -> new ServiceId(parts[0], parts[1]);
                default -> new ServiceId(parts[1], parts[2]);
            };
        }
    }
}
