package dev.converge.portal.artifacts;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file on its way in: the form fields and a way to open the content once. {@code size} is the exact length, or
 * negative when unknown.
 */
public record ArtifactUpload(String namespace, String name, String version, String fileName, String contentType,
        long size, ContentSource content) {

    @FunctionalInterface
    public interface ContentSource {
        InputStream open() throws IOException;
    }
}
