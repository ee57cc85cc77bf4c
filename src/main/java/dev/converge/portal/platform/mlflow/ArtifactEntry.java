package dev.converge.portal.platform.mlflow;

/** A file or directory among a run's artifacts; {@code size} is null for directories. */
public record ArtifactEntry(String path, boolean directory, Long size) {
}
