package dev.converge.portal.builds;

import java.util.List;

/** A build with its timeline and the cluster's events about it, oldest first. */
public record BuildDetail(Build build, List<BuildTimeline> timeline, List<BuildEvent> events) {

    public BuildDetail {
        timeline = List.copyOf(timeline);
        events = List.copyOf(events);
    }
}
