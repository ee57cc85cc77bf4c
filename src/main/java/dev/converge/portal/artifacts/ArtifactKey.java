package dev.converge.portal.artifacts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an artifact lives in the artifacts bucket: {@code teams/<team>/<name>/<version>/<file>}. The team part is
 * what access checks read, so every key the portal accepts is parsed here first.
 */
public record ArtifactKey(String team, String name, String version, String file) {

    public static final String ROOT = "teams/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TEAM = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Parses a full key; a key outside {@code teams/} or with a bad segment is not an artifact key. */
    public static ArtifactKey parse(String key) {
        return tryParse(key).orElseThrow(() -> InvalidArtifactRequest.of(Map.of("artifact", "artifacts.error.key")));
    }

    /** The key's parts, or empty for an object outside the {@code teams/<team>/<name>/<version>/<file>} layout. */
    public static java.util.Optional<ArtifactKey> tryParse(String key) {
        if (key == null || !key.startsWith(ROOT)) {
            return java.util.Optional.empty();
        }
        var parts = key.substring(ROOT.length()).split("/", -1);
        if (parts.length != 4 || !TEAM.matcher(parts[0]).matches() || !validSegment(parts[1])
                || !validSegment(parts[2]) || !validSegment(parts[3])) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ArtifactKey(parts[0], parts[1], parts[2], parts[3]));
    }

    /** Checks the parts a user types; returns field → message for each bad one. */
    static Map<String, String> problems(String name, String version, String file) {
        var problems = new LinkedHashMap<String, String>();
        if (!validSegment(name)) {
            problems.put("name", "artifacts.error.name");
        }
        if (!validSegment(version)) {
            problems.put("version", "artifacts.error.version");
        }
        if (file == null || file.isBlank()) {
            problems.put("file", "artifacts.error.file.missing");
        } else if (!validSegment(file)) {
            problems.put("file", "artifacts.error.file.name");
        }
        return problems;
    }

    private static boolean validSegment(String value) {
        return value != null && SEGMENT.matcher(value).matches() && !value.contains("..");
    }

    /** A browser sends the name as the user's system has it; keep only its last path segment. */
    static String baseName(String original) {
        if (original == null) {
            return null;
        }
        var name = original.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1).strip();
    }

    public String key() {
        return ROOT + team + "/" + name + "/" + version + "/" + file;
    }

    @Override
    public String toString() {
        return key();
    }
}
