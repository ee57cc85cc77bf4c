package dev.converge.portal.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.converge.portal.platform.kubernetes.ServiceProxy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The runtime reached through the API server's service proxy, on its Service {@code rag-<name>}. */
@Component
class ProxiedRagRuntime implements RagRuntime {

    private final ServiceProxy proxy;
    private final RagSettings settings;
    private final JsonMapper json;

    ProxiedRagRuntime(ServiceProxy proxy, RagSettings settings, JsonMapper json) {
        this.proxy = proxy;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public Readiness readiness(String namespace, String ragModel) {
        var response = call(namespace, ragModel, RuntimeContract.PATH_READINESS, null);
        // 503 is the runtime's "not ready yet", with the same body
        if (!response.ok() && response.status() != 503) {
            throw unreachable(namespace, ragModel, response);
        }
        var body = parse(namespace, ragModel, response);
        if (!body.has("ready")) {
            throw new RuntimeUnreachable(namespace, ragModel, "HTTP " + response.status() + " without readiness");
        }
        return new Readiness(body.path("ready").asBoolean(false), body.path("phase").asString(""),
                body.path("indexedDocuments").asInt(0), body.path("failedDocuments").asInt(0),
                body.path("chunks").asInt(0), body.path("lastIndexedAt").isNull() ? null
                        : body.path("lastIndexedAt").asString(null));
    }

    @Override
    public List<IndexedDocument> documents(String namespace, String ragModel) {
        var response = call(namespace, ragModel, RuntimeContract.PATH_DOCUMENTS, null);
        if (!response.ok()) {
            throw unreachable(namespace, ragModel, response);
        }
        var body = parse(namespace, ragModel, response);
        if (!body.path("items").isArray()) {
            throw new RuntimeUnreachable(namespace, ragModel, "HTTP " + response.status() + " without a documents list");
        }
        var items = new ArrayList<IndexedDocument>();
        for (var item : body.path("items")) {
            items.add(new IndexedDocument(text(item, "name"), item.path("size").isNumber() ? item.path("size")
                    .asLong() : null, text(item, "sha256"), item.path("chunks").isNumber()
                    ? item.path("chunks").asInt() : null, text(item, "indexedAt"), text(item, "error")));
        }
        return items;
    }

    @Override
    public List<RetrievedChunk> retrieve(String namespace, String ragModel, String query, Integer topK) {
        var request = new LinkedHashMap<String, Object>();
        request.put("query", query);
        if (topK != null) {
            request.put("topK", topK);
        }
        var response = call(namespace, ragModel, RuntimeContract.PATH_RETRIEVE, json.writeValueAsString(request));
        if (!response.ok()) {
            throw unreachable(namespace, ragModel, response);
        }
        var body = parse(namespace, ragModel, response);
        if (!body.path("chunks").isArray()) {
            throw new RuntimeUnreachable(namespace, ragModel, "HTTP " + response.status() + " without chunks");
        }
        var chunks = new ArrayList<RetrievedChunk>();
        for (var chunk : body.path("chunks")) {
            chunks.add(new RetrievedChunk(text(chunk, "document"), chunk.path("chunk").isNumber()
                    ? chunk.path("chunk").asInt() : null, text(chunk, "text"), chunk.path("score").asDouble(0)));
        }
        return chunks;
    }

    @Override
    public void reindex(String namespace, String ragModel) {
        var response = call(namespace, ragModel, RuntimeContract.PATH_REINDEX, "{}");
        if (!response.ok()) {
            throw unreachable(namespace, ragModel, response);
        }
    }

    private ServiceProxy.Response call(String namespace, String ragModel, String path, String body) {
        var service = RagManifests.workloadName(ragModel);
        try {
            return body == null
                    ? proxy.get(namespace, service, settings.runtimePort(), path, settings.runtimeTimeout())
                    : proxy.postJson(namespace, service, settings.runtimePort(), path, body,
                            settings.runtimeTimeout());
        } catch (ServiceProxy.Unreachable e) {
            throw new RuntimeUnreachable(namespace, ragModel, e.getMessage());
        }
    }

    private JsonNode parse(String namespace, String ragModel, ServiceProxy.Response response) {
        try {
            return json.readTree(response.body() == null ? "" : response.body());
        } catch (RuntimeException e) {
            throw new RuntimeUnreachable(namespace, ragModel, "HTTP " + response.status() + ", not JSON");
        }
    }

    private static RuntimeUnreachable unreachable(String namespace, String ragModel, ServiceProxy.Response r) {
        return new RuntimeUnreachable(namespace, ragModel, "HTTP " + r.status());
    }

    private static String text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
