package dev.converge.portal.live;

import java.util.Set;

import dev.converge.portal.security.CurrentUser;

/**
 * What a client asked for: its user (whose namespaces filter every event), topics, format, and the last event id it
 * saw, or null on a first connection.
 */
public record LiveSubscription(CurrentUser viewer, Set<LiveTopic> topics, LiveFormat format, String lastEventId) {

    public LiveSubscription {
        topics = Set.copyOf(topics);
    }
}
