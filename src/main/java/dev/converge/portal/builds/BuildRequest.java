package dev.converge.portal.builds;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user asks for to start a build. Missing resources and timeout take defaults ({@link #withDefaults()}).
 *
 * @param artifact the artifact's key in the artifacts bucket, {@code teams/<team>/<name>/<version>/<file>}
 * @param command  the build script, run by {@code sh -c} in the base image with the artifact at {@code $ARTIFACT_PATH}
 * @param sha256   optional: the SHA-256 the caller expects; a build of an artifact with another one is refused
 */
public record BuildRequest(String namespace, String name, String artifact, String baseImage, String command,
        Resources resources, Map<String, String> env, Integer timeoutSeconds, String sha256) {

    static final int DEFAULT_TIMEOUT_SECONDS = 3600;

    public BuildRequest {
        env = env == null ? Map.of() : new LinkedHashMap<>(env);
    }

    /** CPU and memory as Kubernetes quantities (requests = limits), and whole GPUs. */
    public record Resources(String cpu, String memory, Integer gpu) {
        static final Resources DEFAULT = new Resources("1", "2Gi", 0);
    }

    BuildRequest withDefaults() {
        var given = resources == null ? Resources.DEFAULT : resources;
        var filled = new Resources(blank(given.cpu()) ? Resources.DEFAULT.cpu() : given.cpu().strip(),
                blank(given.memory()) ? Resources.DEFAULT.memory() : given.memory().strip(),
                given.gpu() == null ? 0 : given.gpu());
        return new BuildRequest(strip(namespace), strip(name), strip(artifact), strip(baseImage), command, filled, env,
                timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                blank(sha256) ? null : sha256.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
