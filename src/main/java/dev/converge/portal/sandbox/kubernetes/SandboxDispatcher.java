package dev.converge.portal.sandbox.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsListBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts in front of fabric8's CRUD store what real clients need and the store lacks: discovery documents,
 * {@code /version} and the OpenAPI v3 documents kubectl validates with, pod logs and {@code metrics.k8s.io} from the
 * simulation, strategic merge patches and server-side apply (both as a merge into the stored object), protobuf
 * bodies ({@link ProtobufObjects}), server-side tables ({@link ServerTables}), and a Kubernetes {@code Status} for
 * whatever it cannot serve. Everything else goes to the CRUD store unchanged.
 */
final class SandboxDispatcher extends Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(SandboxDispatcher.class);
    private static final String JSON = "application/json";
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    private static final String METRICS = "/apis/metrics.k8s.io/v1beta1";
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final KubernetesCrudDispatcher store;
    private final PodLogs logs;
    private final PodMetricsSource metrics;
    private volatile String serverAddress = "127.0.0.1:0";

    SandboxDispatcher(KubernetesCrudDispatcher store, PodLogSource logSource, PodMetricsSource metrics) {
        this.store = store;
        this.metrics = metrics;
        this.logs = new PodLogs(logSource, this::findPod);
    }

    PodLogs logs() {
        return logs;
    }

    void serverAddress(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        var fullPath = request.getPath();
        var query = fullPath.indexOf('?');
        var path = query < 0 ? fullPath : fullPath.substring(0, query);
        var params = query < 0 ? Map.<String, String>of() : params(fullPath.substring(query + 1));
        try {
            var unserved = unservedGroupVersion(path);
            if (unserved.isPresent()) {
                return unserved.get();
            }
            var readable = readable(request);
            return withContentType(switch (readable.method()) {
                case GET -> get(readable, path, params)
                        .orElseGet(() -> asTable(readable, path, params, store.dispatch(readable)));
                case PATCH -> notAllowed(path).or(() -> patch(readable, path))
                        .orElseGet(() -> store.dispatch(readable));
                default -> notAllowed(path).orElseGet(() -> store.dispatch(readable));
            });
        } catch (ProtobufObjects.UnreadableBody e) {
            return status(e.code(), e.code() == 415 ? "UnsupportedMediaType" : "BadRequest", e.getMessage());
        } catch (JacksonException e) {
            return status(400, "BadRequest", "the body could not be parsed: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // Answered rather than thrown: the mock server's handler never ends the response of a request that
            // throws, and the client waits forever.
            log.warn("The sandbox API server failed to serve {} {}", request.method(), path, e);
            return status(500, "InternalError", "the sandbox API server failed to serve this request: "
                    + e.getMessage());
        }
    }

    /**
     * The request with a body the CRUD store can read (JSON), or an {@link ProtobufObjects.UnreadableBody}: kubectl
     * sends built-in kinds as protobuf, which is turned into JSON here; YAML is accepted as a real API server does;
     * any other media type is a 415 at once.
     */
    private static RecordedRequest readable(RecordedRequest request) {
        var method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return request;
        }
        var header = request.getHeader("Content-Type");
        var mediaType = header == null ? "" : header.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (method == HttpMethod.PATCH) {
            if (!PATCH_TYPES.contains(mediaType)) {
                throw new ProtobufObjects.UnreadableBody(415, "the body of the request was in an unknown format - "
                        + "accepted media types include: " + String.join(", ", PATCH_TYPES));
            }
            return request;
        }
        if (mediaType.isEmpty() || mediaType.equals(JSON)) {
            return request;
        }
        if (mediaType.equals("application/yaml")) {
            return write(method, request.getPath(), request,
                    Serialization.yamlMapper().readTree(request.getUtf8Body()).toString());
        }
        if (mediaType.equals(ProtobufObjects.MEDIA_TYPE)) {
            return write(method, request.getPath(), request,
                    ProtobufObjects.toJson(request.getBody().readByteArray()).toString());
        }
        throw new ProtobufObjects.UnreadableBody(415, "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/yaml, " + ProtobufObjects.MEDIA_TYPE);
    }

    /**
     * A 404 for objects of a group version the sandbox does not serve (such as {@code batch/v1}), rather than storing
     * them where no discovery, list or watch of the served kinds would ever show them. Only the rare request outside
     * the built-in group versions reads the stored CRDs.
     */
    private Optional<MockResponse> unservedGroupVersion(String path) {
        var segments = path.substring(1).split("/");
        String group;
        String version;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            version = segments[1];
        } else if (segments.length >= 4 && segments[0].equals("apis") && !path.startsWith(METRICS + "/")) {
            group = segments[1];
            version = segments[2];
        } else {
            return Optional.empty();
        }
        if (served(ApiDiscovery.BUILT_IN, group, version) || served(ApiDiscovery.all(crds()), group, version)) {
            return Optional.empty();
        }
        return Optional.of(status(404, "NotFound", "the server could not find the requested resource ("
                + (group.isEmpty() ? version : group + "/" + version) + " is not served by the sandbox)"));
    }

    private static boolean served(List<ApiDiscovery.Resource> resources, String group, String version) {
        return resources.stream().anyMatch(r -> r.group().equals(group) && r.version().equals(version));
    }

    /** Writes to the documents the sandbox serves itself are a 405, as on a real API server. */
    private static Optional<MockResponse> notAllowed(String path) {
        var segments = path.equals("/") ? new String[0] : path.substring(1).split("/");
        var document = path.equals("/version") || path.startsWith("/openapi/") || path.equals("/openapi")
                || path.startsWith(METRICS) || (segments.length > 0 && segments.length <= 2
                && (segments[0].equals("api") || segments[0].equals("apis")))
                || (segments.length == 3 && segments[0].equals("apis"));
        return document ? Optional.of(status(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource")) : Optional.empty();
    }

    /**
     * The store's answer to a GET, as a {@code meta.k8s.io Table} when the client asks for one ({@code kubectl get})
     * and the path is a collection or an object of a resource the sandbox serves.
     */
    private MockResponse asTable(RecordedRequest request, String path, Map<String, String> params,
                                 MockResponse response) {
        var tableVersion = ServerTables.requested(request.getHeader("Accept"));
        var resourcePath = ServerTables.ResourcePath.parse(path);
        if (tableVersion.isEmpty() || resourcePath.isEmpty() || response.code() != 200
                || response.getBody() == null) {
            return response;
        }
        var wanted = resourcePath.get();
        var crds = crds();
        var crd = crds.stream().filter(c -> c.path("spec").path("group").asString("").equals(wanted.group())
                && c.path("spec").path("names").path("plural").asString("").equals(wanted.plural())).findFirst();
        var resource = ApiDiscovery.all(crds).stream().filter(r -> r.group().equals(wanted.group())
                && r.version().equals(wanted.version()) && r.plural().equals(wanted.plural())).findFirst();
        if (resource.isEmpty()) {
            return response;
        }
        var columns = crd.map(c -> ServerTables.forCustomResource(c, wanted.version()))
                .orElseGet(() -> TableColumns.builtIn(wanted.group(), resource.get().kind()));
        var body = Serialization.jsonMapper().readTree(response.getBody().readUtf8());
        return ok(ServerTables.table(body, columns, params.get("includeObject"), tableVersion.get()));
    }

    /**
     * The CRUD store answers without a Content-Type; clients that ask for protobuf first (kubectl describe) then
     * take the JSON for protobuf.
     */
    private static MockResponse withContentType(MockResponse response) {
        if (response.getWebSocketListener() == null && response.getBody() != null
                && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    private Optional<MockResponse> get(RecordedRequest request, String path, Map<String, String> params) {
        var segments = path.equals("/") ? new String[0] : path.substring(1).split("/");
        if (path.equals("/version")) {
            return json(ApiDiscovery.version());
        }
        if (path.equals("/api")) {
            return json(ApiDiscovery.coreVersions(serverAddress));
        }
        if (path.equals("/apis")) {
            return json(ApiDiscovery.groups(crds()));
        }
        if (path.equals(OpenApiDocuments.ROOT)) {
            return json(OpenApiDocuments.root(ApiDiscovery.all(crds())));
        }
        if (path.startsWith(OpenApiDocuments.ROOT + "/")) {
            return Optional.of(OpenApiDocuments.groupVersion(path.substring(OpenApiDocuments.ROOT.length() + 1),
                    ApiDiscovery.all(crds())).map(this::ok).orElseGet(() -> status(404, "NotFound",
                    "the server could not find " + path)));
        }
        if (path.startsWith("/openapi/")) {
            // Like an API server without the v2 document: kubectl reads v3 first and only falls back to it.
            return Optional.of(status(404, "NotFound", "the sandbox API server publishes no OpenAPI v2 document"));
        }
        if (segments.length == 2 && segments[0].equals("api")) {
            return Optional.of(jsonOrNotFound(ApiDiscovery.resources("", segments[1], crds()), path));
        }
        if (segments.length == 2 && segments[0].equals("apis")) {
            return Optional.of(jsonOrNotFound(ApiDiscovery.group(segments[1], crds()), path));
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            return Optional.of(jsonOrNotFound(ApiDiscovery.resources(segments[1], segments[2], crds()), path));
        }
        if (path.startsWith(METRICS + "/")) {
            return Optional.of(metrics(path.substring(METRICS.length()), params));
        }
        return PodLogs.parse(path).map(pod -> podLog(pod[0], pod[1], params));
    }

    private MockResponse podLog(String namespace, String pod, Map<String, String> params) {
        return logs.target(namespace, pod, params.get("container"))
                .map(target -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody(logs.text(target, params.get("tailLines"))))
                .orElseGet(() -> status(404, "NotFound", "pods \"" + pod + "\" not found"));
    }

    private MockResponse metrics(String path, Map<String, String> params) {
        var segments = path.substring(1).split("/");
        if (segments[0].equals("nodes")) {
            var nodes = metrics.nodeMetrics();
            if (segments.length == 1) {
                return ok(new NodeMetricsListBuilder().withItems(nodes).build());
            }
            return nodes.stream().filter(n -> n.getMetadata().getName().equals(segments[1])).findFirst()
                    .map(this::ok).orElseGet(() -> status(404, "NotFound", "nodes \"" + segments[1] + "\" not found"));
        }
        String namespace = null;
        String name = null;
        if (segments.length >= 3 && segments[0].equals("namespaces") && segments[2].equals("pods")) {
            namespace = segments[1];
            name = segments.length > 3 ? segments[3] : null;
        } else if (!(segments.length == 1 && segments[0].equals("pods"))) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        var pods = metrics.podMetrics(namespace).stream()
                .filter(p -> matchesLabels(p, params.get("labelSelector"))).toList();
        if (name == null) {
            return ok(new PodMetricsListBuilder().withItems(pods).build());
        }
        var wanted = name;
        return pods.stream().filter(p -> p.getMetadata().getName().equals(wanted)).findFirst().map(this::ok)
                .orElseGet(() -> status(404, "NotFound", "podmetrics \"" + wanted + "\" not found"));
    }

    /** Equality selectors only ({@code a=b,c!=d}), like the CRUD store. */
    private static boolean matchesLabels(PodMetrics pod, String selector) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        var labels = pod.getMetadata().getLabels() == null ? Map.<String, String>of() : pod.getMetadata().getLabels();
        for (var requirement : selector.split(",")) {
            var negated = requirement.contains("!=");
            var parts = requirement.split("!=|==|=", 2);
            if (parts.length == 2) {
                var equal = parts[1].trim().equals(labels.get(parts[0].trim()));
                if (equal == negated) {
                    return false;
                }
            }
        }
        return true;
    }

    private Optional<MockResponse> patch(RecordedRequest request, String path) {
        var contentType = String.valueOf(request.getHeader("Content-Type"));
        if (contentType.startsWith("application/strategic-merge-patch+json")) {
            return Optional.of(mergeInto(request, path, Serialization.jsonMapper().readTree(
                    request.getUtf8Body()), false));
        }
        if (contentType.startsWith("application/apply-patch+yaml")) {
            return Optional.of(mergeInto(request, path, Serialization.yamlMapper().readTree(
                    request.getUtf8Body()), true));
        }
        return Optional.empty();
    }

    /**
     * Merges a patch into the stored object and writes the result back with an update carrying the stored
     * {@code resourceVersion}, so a concurrent write gets a 409 as it would on a real cluster. Server-side apply
     * creates the object when it is missing; field ownership is not tracked.
     */
    private MockResponse mergeInto(RecordedRequest request, String path, JsonNode patch,
                                   boolean apply) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return status(400, "BadRequest", "a patch must be a JSON object");
        }
        var current = store.handleGet(path);
        if (current.code() == 404) {
            if (!apply) {
                return current;
            }
            var collection = path.substring(0, path.lastIndexOf('/'));
            removeManagedFields(patchObject);
            return store.handleCreate(write(HttpMethod.POST, collection, request, patchObject.toString()));
        }
        if (current.code() != 200) {
            return current;
        }
        var stored = (ObjectNode) Serialization.jsonMapper().readTree(current.getBody().readUtf8());
        removeManagedFields(patchObject);
        if (apply && patchObject.path("metadata") instanceof ObjectNode metadata) {
            // An apply configuration states intent, not a version to compare against.
            metadata.remove("resourceVersion");
        }
        var merged = StrategicMergePatch.apply(stored, patchObject);
        return store.handleUpdate(write(HttpMethod.PUT, path, request, merged.toString()));
    }

    private static void removeManagedFields(ObjectNode object) {
        if (object.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
    }

    private static RecordedRequest write(HttpMethod method, String path, RecordedRequest original, String body) {
        var headers = original.getHeaders().newBuilder().set("Content-Type", JSON).build();
        return new RecordedRequest(original.getHttpVersion(), method, path, headers,
                new Buffer().writeUtf8(body));
    }

    /** The stored CustomResourceDefinitions, for discovery of their groups. */
    private List<JsonNode> crds() {
        var response = store.handleGet(CRDS);
        if (response.code() != 200 || response.getBody() == null) {
            return List.of();
        }
        var items = Serialization.jsonMapper().readTree(response.getBody().readUtf8()).path("items");
        return List.copyOf(items.values());
    }

    private Optional<PodLogs.Target> findPod(String namespace, String pod, String container) {
        var response = store.handleGet("/api/v1/namespaces/" + namespace + "/pods/" + pod);
        if (response.code() != 200) {
            return Optional.empty();
        }
        if (container != null) {
            return Optional.of(new PodLogs.Target(namespace, pod, container));
        }
        var first = Serialization.jsonMapper().readTree(response.getBody().readUtf8())
                .path("spec").path("containers").path(0).path("name").asString("");
        return Optional.of(new PodLogs.Target(namespace, pod, first));
    }

    private Optional<MockResponse> json(Object body) {
        return Optional.of(ok(body));
    }

    private MockResponse ok(Object body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", JSON)
                .setBody(Serialization.asJson(body));
    }

    private MockResponse jsonOrNotFound(Optional<? extends Map<String, Object>> body, String path) {
        return body.map(this::ok).orElseGet(() -> status(404, "NotFound", "the server could not find " + path));
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON)
                .setBody(KubeStatus.failure(code, reason, message));
    }

    private static Map<String, String> params(String query) {
        var params = new HashMap<String, String>();
        for (var pair : query.split("&")) {
            var eq = pair.indexOf('=');
            var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
