package dev.converge.portal.artifacts.web;

import dev.converge.portal.artifacts.ArtifactUpload;
import org.springframework.web.multipart.MultipartFile;

/** The upload form's text fields; the file comes as its own multipart part. */
record ArtifactForm(String namespace, String name, String version) {

    static ArtifactForm empty() {
        return new ArtifactForm(null, null, null);
    }

    /** The upload as the service takes it; the file's stream is opened only when storage reads it. */
    ArtifactUpload toUpload(MultipartFile file) {
        return new ArtifactUpload(namespace, name, version,
                file == null || file.isEmpty() ? null : file.getOriginalFilename(),
                file == null ? null : file.getContentType(), file == null ? -1 : file.getSize(),
                () -> file.getInputStream());
    }
}
