package dev.converge.portal.platform.mlflow;

import java.util.List;

/** One page of an MLflow search, with MLflow's token for the next one (null on the last page). */
public record TokenPage<T>(List<T> items, String nextPageToken) {

    public TokenPage {
        items = List.copyOf(items);
        nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
    }

    public boolean hasNext() {
        return nextPageToken != null;
    }
}
