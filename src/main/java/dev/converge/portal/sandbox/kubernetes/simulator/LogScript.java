package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.List;

/** Plausible output of the simulated containers: a build's steps, a model server's start-up. */
final class LogScript {

    private static final List<String> BUILD_STEPS = List.of(
            "Fetching artifact from object storage",
            "Verifying artifact checksum (sha256)",
            "Resolving base image python:3.11-slim",
            "Installing system packages",
            "Collecting requirements from requirements.txt",
            "Installing torch, transformers, fastapi, uvicorn",
            "Copying model weights into /opt/model",
            "Running smoke test on the packaged model",
            "Writing image layers",
            "Pushing image to the registry");

    private LogScript() {
    }

    /** The n-th line of a build (0-based); the steps repeat with progress lines for long builds. */
    static String buildLine(String container, int n) {
        if (n == 0) {
            return "[sandbox] simulated build container '" + container + "' started (no real build runs)";
        }
        int step = (n - 1) % (BUILD_STEPS.size() * 3);
        if (step % 3 == 0) {
            return "Step " + (step / 3 + 1) + "/" + BUILD_STEPS.size() + " : " + BUILD_STEPS.get(step / 3);
        }
        return " ---> " + (step % 3 == 1 ? "Running in " + Long.toHexString(n * 2654435761L & 0xffffffffffL)
                : "done in " + seconds(2 + (n % 7) * 3) + "s");
    }

    /** Tenths of a second as a builder prints them, "1.1": counted in whole tenths, so no binary fraction shows. */
    private static String seconds(int tenths) {
        return tenths / 10 + "." + tenths % 10;
    }

    static List<String> buildEnd(int exitCode) {
        return exitCode == 0
                ? List.of("Successfully built image", "Build finished: exit code 0")
                : List.of("ERROR: step failed", "Build finished: exit code " + exitCode);
    }

    static List<String> serverStart(String container, String image) {
        return List.of(
                "[sandbox] simulated container '" + container + "' started from image " + image,
                "INFO  Starting server process",
                "INFO  Loading model weights",
                "INFO  Application startup complete",
                "INFO  Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)");
    }

    static String initLine(String container) {
        return "[sandbox] simulated init container '" + container + "' completed";
    }
}
