package dev.converge.portal.live;

import java.util.List;

/** A stream request named no topic or one the hub does not know. */
public class UnknownLiveTopic extends RuntimeException {

    private final List<String> unknown;

    private UnknownLiveTopic(List<String> unknown) {
        super(unknown.isEmpty()
                ? "Name at least one topic; valid topics: " + String.join(", ", LiveTopic.ids())
                : "Unknown topic " + String.join(", ", unknown) + "; valid topics: " + String.join(", ", LiveTopic.ids()));
        this.unknown = List.copyOf(unknown);
    }

    public static UnknownLiveTopic of(List<String> unknown) {
        return new UnknownLiveTopic(unknown);
    }

    public List<String> unknown() {
        return unknown;
    }

    public List<String> valid() {
        return LiveTopic.ids();
    }
}
