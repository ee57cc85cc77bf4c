package dev.converge.portal.cost;

import java.util.Objects;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Tells the cost jobs to recompute the advice when a deployment's spec changes (a new generation: replicas, spot,
 * schedule, resources), when its rollout ends (the pods the advice reads are the new ones) or when it is deleted.
 * Without it, a recommendation the user has just applied stays listed until the next usage sample.
 */
@Component
class AdviceFollowsDeployments implements ResourceEventHandler<Deployment>, SmartInitializingSingleton {

    private final KubernetesCaches caches;
    private final CostJobs jobs;

    AdviceFollowsDeployments(KubernetesCaches caches, CostJobs jobs) {
        this.caches = caches;
        this.jobs = jobs;
    }

    @Override
    public void afterSingletonsInstantiated() {
        caches.addListener(Deployment.class, this);
    }

    @PreDestroy
    void stop() {
        caches.removeListener(Deployment.class, this);
    }

    @Override
    public void onAdd(Deployment deployment) {
        // a new deployment has no samples yet: the next sample advises on it
    }

    @Override
    public void onUpdate(Deployment before, Deployment after) {
        if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                || !rolledOut(before) && rolledOut(after)) {
            jobs.refreshAdviceSoon();
        }
    }

    @Override
    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
        jobs.refreshAdviceSoon();
    }

    /** Every replica is of the current spec and no old one is left. */
    static boolean rolledOut(Deployment deployment) {
        var status = deployment.getStatus();
        var wanted = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return status != null && wanted != null
                && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                && Objects.equals(status.getUpdatedReplicas(), wanted)
                && Objects.equals(status.getReplicas(), wanted);
    }
}
