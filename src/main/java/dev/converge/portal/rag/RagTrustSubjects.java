package dev.converge.portal.rag;

import java.util.List;
import java.util.Optional;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.trust.DeploymentSubjects;
import dev.converge.portal.trust.TrustSubject;
import dev.converge.portal.trust.TrustSubjects;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.stereotype.Component;

/**
 * RAG models as trust scorecard subjects (kind {@code rag}), from the informer caches: the RagModel, and its
 * runtime Deployment ({@code rag-<name>}) for the image it runs, its replicas, pod spec and pods, read the way a
 * model deployment's are. The image is the runtime's when the RagModel names one (null, so provenance does not
 * apply, when it runs the portal's own); before the reconciler created the runtime it is the one the spec asks for,
 * and there is no workload (availability and safety not applicable). Without the RagModel CRD there are none.
 */
@Component
class RagTrustSubjects implements TrustSubjects {

    private final KubernetesCaches caches;
    private final DeploymentSubjects deployments;
    private final RagSettings settings;
    private final RagCrdPresence crd;

    RagTrustSubjects(KubernetesCaches caches, DeploymentSubjects deployments, RagSettings settings,
                     RagCrdPresence crd) {
        this.caches = caches;
        this.deployments = deployments;
        this.settings = settings;
        this.crd = crd;
    }

    @Override
    public String kind() {
        return TrustSubject.RAG;
    }

    @Override
    public List<TrustSubject> in(String namespace) {
        if (!crd.installed()) {
            return List.of();
        }
        return caches.query(RagModel.class).namespace(namespace).list().stream().map(this::subject).toList();
    }

    @Override
    public Optional<TrustSubject> find(String namespace, String name) {
        if (!crd.installed()) {
            return Optional.empty();
        }
        return caches.get(RagModel.class, namespace, name).map(this::subject);
    }

    private static boolean namesItsImage(RagModel model) {
        var spec = model.getSpec();
        return spec != null && spec.runtime != null && spec.runtime.image != null && !spec.runtime.image.isBlank();
    }

    private TrustSubject subject(RagModel model) {
        var meta = model.getMetadata();
        var workloadName = RagManifests.workloadName(meta.getName());
        var runtime = caches.get(Deployment.class, meta.getNamespace(), workloadName);
        // the portal's own runtime image is the platform's to pin, not the team's: provenance applies to an image
        // the RagModel names itself
        var image = !namesItsImage(model) ? null
                : runtime.map(DeploymentSubjects::imageOf).orElseGet(() -> RagDefaults.of(model).image(settings));
        return new TrustSubject(TrustSubject.RAG, meta.getNamespace(), meta.getName(), image,
                runtime.map(deployments::workloadOf).orElse(null), workloadName);
    }
}
