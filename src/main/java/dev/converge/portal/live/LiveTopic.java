package dev.converge.portal.live;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a client can subscribe to on {@code /sse/stream}; the id is the value of the {@code topics} parameter. */
public enum LiveTopic {
    BUILDS, DEPLOYMENTS,
    /** A deployment's detail page: its cluster-state part and its pod logs, too heavy to send every list page. */
    DEPLOYMENT_DETAILS,
    RAG, HEALTH, TRUST;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(LiveTopic::id).toList();
    }

    /** Parses {@code "builds,deployments"}; blank or unknown names are refused with the list of valid ones. */
    public static Set<LiveTopic> parse(String csv) {
        var topics = EnumSet.noneOf(LiveTopic.class);
        var unknown = new java.util.ArrayList<String>();
        for (var raw : (csv == null ? "" : csv).split(",")) {
            var id = raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            Arrays.stream(values()).filter(topic -> topic.id().equals(id)).findFirst()
                    .ifPresentOrElse(topics::add, () -> unknown.add(id));
        }
        if (!unknown.isEmpty() || topics.isEmpty()) {
            throw UnknownLiveTopic.of(unknown);
        }
        return topics;
    }
}
