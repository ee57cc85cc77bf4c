package dev.converge.portal.live;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Build pod changes ({@code converge.dev/kind=build}) → {@code build-row-<ns>-<name>} on every phase change and
 * {@code build-counts-<ns>} (builds by phase, at most once per coalescing window).
 */
@Component
public class BuildsLivePublisher extends StatusLivePublisher<Pod, BuildRow> {

    public BuildsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                               LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        super(Pod.class, LiveTopic.BUILDS, "build", BuildRow.PHASES, informers, events, fragments, scheduler,
                properties);
    }

    @Override
    boolean follows(Pod pod) {
        return BuildRow.isBuild(pod);
    }

    @Override
    BuildRow row(Pod pod) {
        return BuildRow.of(pod);
    }

    @Override
    BuildRow deleted(BuildRow row) {
        return row.asDeleted();
    }
}
