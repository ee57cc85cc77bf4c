package dev.converge.portal.builds.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.builds.BuildRequest;

/**
 * The build form as typed: numbers and environment variables arrive as text and are parsed here, so a typo is a
 * field error rather than a binding failure.
 */
record BuildForm(String namespace, String name, String artifact, String sha256, String baseImage, String command,
                 String cpu, String memory, String gpu, String env, String timeoutSeconds) {

    static BuildForm prefilled(String namespace, String artifact) {
        return new BuildForm(namespace, null, artifact, null, "python:3.11-slim",
                "pip install -r requirements.txt && python package.py \"$ARTIFACT_PATH\"", "1", "2Gi", "0", "",
                "3600");
    }

    /** Field → message key for the fields that are not even numbers or KEY=VALUE lines. */
    Map<String, String> parseProblems() {
        var problems = new LinkedHashMap<String, String>();
        if (!isInteger(gpu)) {
            problems.put("gpu", "builds.error.gpu");
        }
        if (!isInteger(timeoutSeconds)) {
            problems.put("timeoutSeconds", "builds.error.timeout");
        }
        if (envLines().entrySet().stream().anyMatch(entry -> entry.getKey().isEmpty())) {
            problems.put("env", "builds.error.env");
        }
        return problems;
    }

    BuildRequest toRequest() {
        return new BuildRequest(namespace, name, artifact, baseImage, command,
                new BuildRequest.Resources(cpu, memory, integer(gpu)), envLines(), integer(timeoutSeconds), sha256);
    }

    private Map<String, String> envLines() {
        var variables = new LinkedHashMap<String, String>();
        if (env == null) {
            return variables;
        }
        for (var line : env.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            variables.put(equals < 0 ? "" : line.substring(0, equals).strip(),
                    equals < 0 ? "" : line.substring(equals + 1));
        }
        return variables;
    }

    private static boolean isInteger(String value) {
        return value == null || value.isBlank() || value.strip().matches("-?[0-9]{1,9}");
    }

    private static Integer integer(String value) {
        return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
    }
}
