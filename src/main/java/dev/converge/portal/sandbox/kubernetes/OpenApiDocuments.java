package dev.converge.portal.sandbox.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 documents ({@code /openapi/v3} and {@code /openapi/v3/<api|apis/group>/<version>}), as much of
 * them as {@code kubectl apply} and {@code create} read: before sending a manifest, kubectl looks for the PATCH
 * operation of the object's kind and, when it lists the {@code fieldValidation} query parameter, leaves validation
 * to the server instead of downloading the whole schema to validate on its own side. Without these documents kubectl
 * stops with "failed to download openapi" unless given {@code --validate=false}.
 * <p>
 * The documents hold no schemas ({@code components.schemas} is empty): kubectl then computes apply patches from its
 * built-in types, and as JSON merge patches for custom resources. The sandbox accepts {@code fieldValidation} but,
 * validating nothing, does not reject unknown fields.
 */
final class OpenApiDocuments {

    static final String ROOT = "/openapi/v3";

    private OpenApiDocuments() {
    }

    /** {@code /openapi/v3}: one entry per group version, its URL carrying a hash of its content, as kubectl caches by URL. */
    static Map<String, Object> root(List<ApiDiscovery.Resource> resources) {
        var paths = new LinkedHashMap<String, Object>();
        for (var groupVersion : resources.stream().map(OpenApiDocuments::apiPath).distinct().toList()) {
            var document = groupVersion(groupVersion, resources).orElseThrow();
            paths.put(groupVersion, Map.of("serverRelativeURL",
                    ROOT + "/" + groupVersion + "?hash=" + hash(document.toString())));
        }
        return Map.of("paths", paths);
    }

    /** The document of one group version ({@code api/v1}, {@code apis/apps/v1}), if the sandbox serves it. */
    static Optional<ObjectNode> groupVersion(String apiPath, List<ApiDiscovery.Resource> resources) {
        var served = resources.stream().filter(r -> apiPath(r).equals(apiPath)).toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        var document = JsonNodeFactory.instance.objectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes").put("version", ApiDiscovery.KUBERNETES_VERSION);
        var paths = document.putObject("paths");
        for (var resource : served) {
            var path = "/" + apiPath + (resource.namespaced() ? "/namespaces/{namespace}/" : "/")
                    + resource.plural() + "/{name}";
            if (paths.has(path) || !resource.verbs().contains("patch")) {
                continue;
            }
            var patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + resource.kind());
            patch.putObject("x-kubernetes-group-version-kind").put("group", resource.group())
                    .put("version", resource.version()).put("kind", resource.kind());
            patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
                    .put("description", "accepted; the sandbox validates no fields")
                    .putObject("schema").put("type", "string").put("uniqueItems", true);
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        document.putObject("components").putObject("schemas");
        return Optional.of(document);
    }

    private static String apiPath(ApiDiscovery.Resource resource) {
        return resource.group().isEmpty() ? "api/" + resource.version()
                : "apis/" + resource.group() + "/" + resource.version();
    }

    private static String hash(String content) {
        try {
            var digest = MessageDigest.getInstance("SHA-512").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }
}
