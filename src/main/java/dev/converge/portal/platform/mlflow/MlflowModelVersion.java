package dev.converge.portal.platform.mlflow;

import java.time.Instant;
import java.util.List;

/** A model version: where its files are ({@code source}), the run that produced it, its stage and aliases. */
public record MlflowModelVersion(String name, String version, String source, String runId, String status,
                                 String stage, String description, Instant createdAt, List<String> aliases) {

    public MlflowModelVersion {
        aliases = List.copyOf(aliases);
    }

    /** {@code <name>/<version>}, as the deployment annotation records it. */
    public String reference() {
        return name + "/" + version;
    }

    /** The source as a deployable model URI: only object storage sources are. */
    public String deployableUri() {
        return source != null && source.startsWith("s3://") ? source : null;
    }
}
