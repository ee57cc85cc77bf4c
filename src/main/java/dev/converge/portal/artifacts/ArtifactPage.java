package dev.converge.portal.artifacts;

import java.util.List;

/** One page of artifacts, counting from 0, and how many matched in all. */
public record ArtifactPage(List<ArtifactSummary> items, int page, int size, long totalItems, int totalPages,
        boolean truncated) {

    public ArtifactPage {
        items = List.copyOf(items);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages;
    }
}
