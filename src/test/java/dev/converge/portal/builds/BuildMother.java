package dev.converge.portal.builds;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;

import dev.converge.portal.artifacts.ArtifactUpload;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.security.CurrentUser;

/** Artifacts and builds (in namespace {@code vision} unless told) through the real services, with unique names. */
public record BuildMother(Artifacts artifacts, Builds builds) {

    /** Uploads a small artifact to {@code vision} and returns its key. */
    public String artifact(CurrentUser user, String prefix) {
        return artifact(user, prefix, "vision");
    }

    public String artifact(CurrentUser user, String prefix, String namespace) {
        var bytes = ("model " + prefix).repeat(100).getBytes();
        return artifacts.upload(user, new ArtifactUpload(namespace, prefix + "-" + suffix(), "1", "model.bin",
                "application/octet-stream", bytes.length, () -> new ByteArrayInputStream(bytes))).key();
    }

    /** Starts a build of a fresh artifact and returns its name; {@code SANDBOX_EXIT_CODE} in env fails it. */
    public String started(CurrentUser user, String prefix, Map<String, String> env) {
        var name = prefix + "-" + suffix();
        builds.create(user, new BuildRequest("vision", name, artifact(user, prefix), "python:3.11-slim",
                "python package.py", null, env, null, null));
        return name;
    }

    public static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
