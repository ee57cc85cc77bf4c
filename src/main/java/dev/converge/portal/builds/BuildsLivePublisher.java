package dev.converge.portal.builds;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.StatusLivePublisher;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Build pod changes ({@code converge.dev/kind=build}) → {@code build-row-<ns>-<name>} on every change of what a
 * {@link BuildRow} holds (phase, node, image) and
 * {@code build-counts-<ns>} (builds by phase, at most once per coalescing window), from the fragments in
 * {@code builds/live}.
 */
@Component
public class BuildsLivePublisher extends StatusLivePublisher<Pod, BuildRow> {

    BuildsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events, LiveFragments fragments,
                        LiveScheduler scheduler, PortalProperties properties) {
        super(Pod.class, LiveTopic.BUILDS, "build", "builds/live", BuildRow.PHASES, informers, events, fragments,
                scheduler, properties);
    }

    @Override
    protected boolean follows(Pod pod) {
        return BuildPods.isBuild(pod);
    }

    @Override
    protected BuildRow row(Pod pod) {
        var node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return new BuildRow(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                BuildPods.status(pod).phase(), node, BuildPods.image(pod), false);
    }

    @Override
    protected BuildRow deleted(BuildRow row) {
        return row.asDeleted();
    }
}
