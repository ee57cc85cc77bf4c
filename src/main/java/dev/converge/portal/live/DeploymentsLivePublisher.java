package dev.converge.portal.live;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Deployment changes → {@code deployment-row-<ns>-<name>} (each visible change, at once) and
 * {@code deployment-counts-<ns>} (deployments by state, at most once per coalescing window).
 */
@Component
public class DeploymentsLivePublisher extends StatusLivePublisher<Deployment, DeploymentRow> {

    public DeploymentsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                                    LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        super(Deployment.class, LiveTopic.DEPLOYMENTS, "deployment", DeploymentRow.STATES, informers, events,
                fragments, scheduler, properties);
    }

    @Override
    boolean follows(Deployment deployment) {
        return true;
    }

    @Override
    DeploymentRow row(Deployment deployment) {
        return DeploymentRow.of(deployment);
    }

    @Override
    DeploymentRow deleted(DeploymentRow row) {
        return row.asDeleted();
    }
}
