package dev.converge.portal.artifacts.web;

/** The upload form's text fields; the file comes as its own multipart part. */
record ArtifactForm(String namespace, String name, String version) {

    static ArtifactForm empty() {
        return new ArtifactForm(null, null, null);
    }
}
