package dev.converge.portal.platform.storage;

import java.util.List;

/**
 * A page of a listing in key order. {@code nextStartAfter} is the cursor for the following page (pass it as
 * {@code startAfter}), or null on the last page.
 */
public record ObjectPage(List<ObjectSummary> objects, String nextStartAfter) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }

    public boolean hasNext() {
        return nextStartAfter != null;
    }
}
