package dev.converge.portal.rag;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.platform.kubernetes.ZonePlacement;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.stereotype.Component;

/**
 * Bad input → {@link InvalidRagModel} with a message key per field (JSON path), before anything is written: what
 * the CRD schema checks too (ranges, patterns), so the answer names the field in words, and what only the portal
 * knows (the base model deployment exists and speaks openai, the bucket is the documents bucket, the prefix is
 * inside the namespace's).
 */
@Component
class RagModelValidator {

    static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    /** 63 less the runtime's {@code rag-} prefix. */
    static final int MAX_NAME = 58;

    private final KubernetesCaches caches;
    private final DeploymentManifests deploymentManifests;
    private final Zones zones;
    private final String documentsBucket;

    RagModelValidator(KubernetesCaches caches, DeploymentManifests deploymentManifests, Zones zones,
                      ArtifactStore store) {
        this.caches = caches;
        this.deploymentManifests = deploymentManifests;
        this.zones = zones;
        this.documentsBucket = store.bucketName(Bucket.DOCUMENTS);
    }

    void requireWrite(String namespace, CurrentUser user) {
        if (namespace == null || !user.canWrite(namespace)) {
            throw RagAccessDenied.toChange(namespace);
        }
    }

    void validate(String namespace, String name, RagModelSpec spec) {
        var errors = new LinkedHashMap<String, String>();
        var args = new LinkedHashMap<String, Object[]>();
        if (name == null || !name.matches(NAME) || name.length() > MAX_NAME) {
            put(errors, args, "name", "rag.error.name", MAX_NAME);
        }
        if (spec == null) {
            put(errors, args, "spec", "rag.error.spec.required");
            throw new InvalidRagModel(errors, args);
        }
        checkBaseModel(namespace, spec.baseModel, errors, args);
        if (spec.embedding != null) {
            if (spec.embedding.model != null && !RagModelSpec.BUILT_IN_EMBEDDING.equals(spec.embedding.model)
                    && spec.embedding.endpoint == null) {
                put(errors, args, "spec.embedding.model", "rag.error.embedding.model",
                        RagModelSpec.BUILT_IN_EMBEDDING);
            }
            checkEndpoint("spec.embedding.endpoint", spec.embedding.endpoint, errors, args);
        }
        if (spec.documents != null) {
            if (spec.documents.bucket != null && !spec.documents.bucket.isBlank()
                    && !documentsBucket.equals(spec.documents.bucket)) {
                put(errors, args, "spec.documents.bucket", "rag.error.bucket", documentsBucket);
            }
            var prefix = spec.documents.prefix;
            if (prefix != null && !prefix.isBlank() && (!prefix.startsWith(namespace + "/") || prefix.contains("..")
                    || prefix.contains("//") || prefix.contains("\\") || prefix.length() > 512)) {
                put(errors, args, "spec.documents.prefix", "rag.error.prefix", namespace + "/");
            }
        }
        var r = spec.retrieval;
        if (r != null) {
            range(r.topK, 1, 50, "spec.retrieval.topK", errors, args);
            range(r.chunkSize, 200, 8000, "spec.retrieval.chunkSize", errors, args);
            range(r.chunkOverlap, 0, 4000, "spec.retrieval.chunkOverlap", errors, args);
            var size = r.chunkSize == null ? RagDefaults.CHUNK_SIZE : r.chunkSize;
            if (r.chunkOverlap != null && r.chunkOverlap >= size && !errors.containsKey("spec.retrieval.chunkOverlap")) {
                put(errors, args, "spec.retrieval.chunkOverlap", "rag.error.overlap");
            }
            if (r.scoreThreshold != null && (r.scoreThreshold < 0 || r.scoreThreshold > 1
                    || r.scoreThreshold.isNaN())) {
                put(errors, args, "spec.retrieval.scoreThreshold", "rag.error.scoreThreshold");
            }
        }
        if (spec.runtime != null) {
            range(spec.runtime.replicas, 1, 10, "spec.runtime.replicas", errors, args);
            if (spec.runtime.resources != null) {
                if (spec.runtime.resources.cpu != null && !spec.runtime.resources.cpu.matches("[0-9]+(\\.[0-9]+)?m?")) {
                    put(errors, args, "spec.runtime.resources.cpu", "rag.error.cpu");
                }
                if (spec.runtime.resources.memory != null
                        && !spec.runtime.resources.memory.matches("[0-9]+(Ki|Mi|Gi|Ti|K|M|G|T)?")) {
                    put(errors, args, "spec.runtime.resources.memory", "rag.error.memory");
                }
            }
            if (spec.runtime.image != null && (spec.runtime.image.length() > 512
                    || !spec.runtime.image.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]*"))) {
                put(errors, args, "spec.runtime.image", "rag.error.image");
            }
        }
        if (spec.zones != null && spec.zones.zones != null) {
            var known = zones.names();
            for (var zone : spec.zones.zones) {
                if (!known.contains(zone)) {
                    put(errors, args, "spec.zones.zones", "rag.error.zone", zone, String.join(", ", known));
                    break;
                }
            }
            var strategy = spec.zones.strategy == null ? ZonePlacement.ANY : spec.zones.strategy.name();
            if (ZonePlacement.SINGLE.equals(strategy) && spec.zones.zones.size() != 1) {
                put(errors, args, "spec.zones.zones", "rag.error.zones.single");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRagModel(errors, args);
        }
    }

    private void checkBaseModel(String namespace, RagModelSpec.BaseModel base, Map<String, String> errors,
                                Map<String, Object[]> args) {
        if (base == null || (base.deployment == null) == (base.endpoint == null)) {
            put(errors, args, "spec.baseModel", "rag.error.baseModel.one");
            return;
        }
        if (base.endpoint != null) {
            checkEndpoint("spec.baseModel.endpoint", base.endpoint, errors, args);
            return;
        }
        if (!base.deployment.matches(NAME) || base.deployment.length() > 63) {
            put(errors, args, "spec.baseModel.deployment", "rag.error.baseModel.name");
            return;
        }
        var deployment = caches.get(Deployment.class, namespace, base.deployment).orElse(null);
        if (deployment == null) {
            put(errors, args, "spec.baseModel.deployment", "rag.error.baseModel.missing", base.deployment, namespace);
            return;
        }
        var protocol = deploymentManifests.storedSpec(deployment).map(s -> s.protocol()).orElse(null);
        if (protocol != null && !"openai".equals(protocol)) {
            put(errors, args, "spec.baseModel.deployment", "rag.error.baseModel.protocol", base.deployment, protocol);
        }
    }

    private static void checkEndpoint(String field, RagModelSpec.Endpoint endpoint, Map<String, String> errors,
                                      Map<String, Object[]> args) {
        if (endpoint == null) {
            return;
        }
        if (endpoint.url == null || !endpoint.url.matches("https?://[^\\s]+") || endpoint.url.length() > 2048) {
            put(errors, args, field + ".url", "rag.error.endpoint.url");
        }
        if (endpoint.model == null || endpoint.model.isBlank() || endpoint.model.length() > 200) {
            put(errors, args, field + ".model", "rag.error.endpoint.model");
        }
        if (endpoint.secretRef != null && !endpoint.secretRef.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            put(errors, args, field + ".secretRef", "rag.error.endpoint.secretRef");
        }
    }

    private static void range(Integer value, int min, int max, String field, Map<String, String> errors,
                              Map<String, Object[]> args) {
        if (value != null && (value < min || value > max)) {
            put(errors, args, field, "rag.error.range", String.valueOf(min), String.valueOf(max));
        }
    }

    private static void put(Map<String, String> errors, Map<String, Object[]> args, String field, String code,
                            Object... arguments) {
        errors.putIfAbsent(field, code);
        args.putIfAbsent(field, arguments);
    }
}
