package dev.converge.portal.rag;

import java.time.Duration;
import java.util.Map;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.stereotype.Service;

/**
 * Creates, changes and deletes RagModels (the reconciler does the rest), each change audited. Updates carry the
 * {@code resourceVersion} they were based on, so a stale form gets 409 instead of overwriting.
 */
@Service
public class RagModelManager {

    private static final Duration OBSERVE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final RagModelValidator validator;
    private final RagModelViews views;
    private final AuditLog audit;

    RagModelManager(KubernetesClient client, KubernetesCaches caches, RagModelValidator validator,
                    RagModelViews views, AuditLog audit) {
        this.client = client;
        this.caches = caches;
        this.validator = validator;
        this.views = views;
        this.audit = audit;
    }

    public RagModelDetail create(RagModelRequest request, CurrentUser user) {
        var target = request.namespace() + "/" + request.name();
        return Audited.call(audit, user.username(), "rag.create", target, () -> {
            validator.requireWrite(request.namespace(), user);
            validator.validate(request.namespace(), request.name(), request.spec());
            var model = new RagModel();
            model.setMetadata(new ObjectMetaBuilder().withNamespace(request.namespace()).withName(request.name())
                    .withLabels(Map.of("converge.dev/created-by", label(user.username()))).build());
            model.setSpec(request.spec());
            RagModel created;
            try {
                created = client.resources(RagModel.class).inNamespace(request.namespace()).resource(model).create();
            } catch (KubernetesClientException e) {
                throw translate(e, request.namespace(), request.name(), true);
            }
            caches.awaitObserved(created, OBSERVE);
            return views.detail(created);
        }, result -> null);
    }

    public RagModelDetail update(String namespace, String name, RagModelRequest request, CurrentUser user) {
        return Audited.call(audit, user.username(), "rag.update", namespace + "/" + name, () -> {
            validator.requireWrite(namespace, user);
            var current = views.require(namespace, name, user);
            validator.validate(namespace, name, request.spec());
            if (request.resourceVersion() == null || request.resourceVersion().isBlank()) {
                throw InvalidRagModel.field("resourceVersion", "rag.error.resourceVersion");
            }
            // a copy: the cached object is shared with every reader and the informer
            var replacement = new RagModel();
            replacement.setMetadata(new ObjectMetaBuilder(current.getMetadata())
                    .withResourceVersion(versionToWrite(current, request)).build());
            replacement.setSpec(request.spec());
            RagModel updated;
            try {
                updated = client.resources(RagModel.class).inNamespace(namespace).resource(replacement).update();
            } catch (KubernetesClientException e) {
                throw translate(e, namespace, name, false);
            }
            caches.awaitObserved(updated, OBSERVE);
            return views.detail(updated);
        }, result -> null);
    }

    /**
     * The version the update is sent with: the client's, so the API server refuses it (409) when anything changed
     * since; the current one when the client's generation is still current, i.e. only the status (or metadata)
     * changed since it read the RagModel, so an edit is not refused for the reconciler's status writes. The cache may
     * lag the API server: then the client's version goes out and a spec change made meanwhile is still refused.
     */
    private static String versionToWrite(RagModel current, RagModelRequest request) {
        var generation = current.getMetadata().getGeneration();
        if (request.generation() != null && generation != null && generation.equals(request.generation())) {
            return current.getMetadata().getResourceVersion();
        }
        return request.resourceVersion();
    }

    /** Refuses (403) a user who may not change RAG models in {@code namespace}: before showing an edit form. */
    public void requireWrite(String namespace, CurrentUser user) {
        validator.requireWrite(namespace, user);
    }

    public void delete(String namespace, String name, CurrentUser user) {
        Audited.run(audit, user.username(), "rag.delete", namespace + "/" + name, () -> {
            validator.requireWrite(namespace, user);
            var current = views.require(namespace, name, user);
            try {
                client.resources(RagModel.class).inNamespace(namespace).withName(name).delete();
            } catch (KubernetesClientException e) {
                throw translate(e, namespace, name, false);
            }
            caches.awaitGone(RagModel.class, namespace, name, current.getMetadata().getUid(), OBSERVE);
        }, null);
    }

    private static RuntimeException translate(KubernetesClientException e, String namespace, String name,
                                              boolean creating) {
        if (KubernetesErrors.isConflict(e)) {
            return creating ? RagModelConflict.exists(namespace, name) : RagModelConflict.stale(namespace, name);
        }
        if (e.getCode() == 422 || e.getCode() == 400) {
            var status = e.getStatus();
            return InvalidRagModel.byCluster(status != null && status.getMessage() != null ? status.getMessage()
                    : e.getMessage());
        }
        if (KubernetesErrors.isNotFound(e)) {
            return creating ? new RagCrdMissing() : RagModelNotFound.named(namespace, name);
        }
        return RagCallFailed.of(e, namespace + "/" + name);
    }

    private static String label(String text) {
        var value = text.replaceAll("[^A-Za-z0-9._-]", "-");
        value = value.length() > 63 ? value.substring(0, 63) : value;
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
