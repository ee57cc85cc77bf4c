package dev.converge.portal.platform.mlflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registered model: its latest version per stage and its aliases (alias → version). */
public record MlflowModel(String name, String description, Instant createdAt, Instant updatedAt,
                          List<MlflowModelVersion> latestVersions, Map<String, String> aliases,
                          Map<String, String> tags) {

    public MlflowModel {
        latestVersions = List.copyOf(latestVersions);
        aliases = Map.copyOf(aliases);
        tags = Map.copyOf(tags);
    }
}
