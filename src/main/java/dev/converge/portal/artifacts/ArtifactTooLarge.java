package dev.converge.portal.artifacts;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The upload is over {@code portal.artifacts.max-size}; nothing was stored. Answers 413. */
public final class ArtifactTooLarge extends PortalException {

    private ArtifactTooLarge(DataSize limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, Map.of("file", "artifacts.error.file.tooLarge"),
                "artifacts.error.tooLarge", limit.toMegabytes());
    }

    public static ArtifactTooLarge over(DataSize limit) {
        return new ArtifactTooLarge(limit);
    }
}
