package dev.converge.portal.rag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.ServedResources;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Other operators' RAG resources, found through API discovery when their CRDs are installed: KAITO's
 * {@code RAGEngine} ({@code kaito.sh}) and the Llama Stack operator's {@code LlamaStackDistribution}
 * ({@code llamastack.io}). Read-only; their status mapped to the portal's phases. Asked only for
 * {@code ?source=all}, so ordinary lists never call the API server.
 */
@Component
class RagDiscovery {

    private static final Logger log = LoggerFactory.getLogger(RagDiscovery.class);

    /** A foreign kind: where it is served (versions in order of preference) and how its status reads. */
    record ForeignKind(String source, String group, List<String> versions, String kind, String plural) {
    }

    static final List<ForeignKind> KINDS = List.of(
            new ForeignKind("kaito", "kaito.sh", List.of("v1beta1", "v1alpha1"), "RAGEngine", "ragengines"),
            new ForeignKind("llamastack", "llamastack.io", List.of("v1alpha1"), "LlamaStackDistribution",
                    "llamastackdistributions"));

    private final KubernetesClient client;
    private final ServedResources served;

    RagDiscovery(KubernetesClient client, ServedResources served) {
        this.client = client;
        this.served = served;
    }

    List<RagModelSummary> foreign(CurrentUser user) {
        var found = new ArrayList<RagModelSummary>();
        for (var kind : KINDS) {
            var version = servedVersion(kind);
            if (version == null) {
                continue;
            }
            var context = new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(version)
                    .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build();
            try {
                List<GenericKubernetesResource> items = user.isAdmin()
                        ? client.genericKubernetesResources(context).inAnyNamespace().list().getItems()
                        : user.namespaces().stream().flatMap(ns -> client.genericKubernetesResources(context)
                                .inNamespace(ns).list().getItems().stream()).toList();
                items.stream().filter(r -> user.canRead(r.getMetadata().getNamespace()))
                        .map(r -> summary(kind, r)).forEach(found::add);
            } catch (KubernetesClientException e) {
                log.debug("Listing {} failed: {}", kind.kind(), e.getMessage());
            }
        }
        return found;
    }

    private String servedVersion(ForeignKind kind) {
        return kind.versions().stream().filter(v -> served.serves(kind.group() + "/" + v, kind.plural()))
                .findFirst().orElse(null);
    }

    static RagModelSummary summary(ForeignKind kind, GenericKubernetesResource resource) {
        var meta = resource.getMetadata();
        Map<String, Object> status = resource.getAdditionalProperties().get("status") instanceof Map<?, ?> m
                ? cast(m) : Map.of();
        return new RagModelSummary(meta.getNamespace(), meta.getName(), kind.source(), kind.kind(),
                phase(status), null, null, null, endpoint(kind, status),
                meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp()));
    }

    /**
     * Llama Stack writes {@code status.phase} (Pending, Initializing, Ready, Failed, Terminating); KAITO writes
     * conditions only: all true is Ready, any false Pending (or Failed when its reason says so), none Pending.
     */
    static String phase(Map<String, Object> status) {
        var phase = status.get("phase");
        if (phase instanceof String text && !text.isBlank()) {
            return switch (text) {
                case "Ready" -> "Ready";
                case "Failed" -> "Failed";
                case "Initializing" -> "Indexing";
                case "Terminating" -> "Degraded";
                default -> "Pending";
            };
        }
        if (!(status.get("conditions") instanceof List<?> conditions) || conditions.isEmpty()) {
            return "Pending";
        }
        boolean allTrue = true;
        for (var item : conditions) {
            if (item instanceof Map<?, ?> condition && !"True".equals(condition.get("status"))) {
                allTrue = false;
                var reason = String.valueOf(condition.get("reason"));
                if (reason.toLowerCase(java.util.Locale.ROOT).contains("fail")) {
                    return "Failed";
                }
            }
        }
        return allTrue ? "Ready" : "Pending";
    }

    private static String endpoint(ForeignKind kind, Map<String, Object> status) {
        var service = status.get("serviceInfo");
        if (service instanceof Map<?, ?> info && info.get("url") instanceof String url) {
            return url;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
