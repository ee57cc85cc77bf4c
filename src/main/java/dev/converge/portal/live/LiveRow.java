package dev.converge.portal.live;

import java.util.Map;

/** One Kubernetes object as a live page row shows it; its status is what the per-namespace counts add up. */
public interface LiveRow {

    String namespace();

    String name();

    String status();

    /** The SSE event name, which is also the id of the page element it swaps. */
    String eventName();

    /** The JSON form of the row for {@code ?format=json} clients. */
    Map<String, Object> data();
}
