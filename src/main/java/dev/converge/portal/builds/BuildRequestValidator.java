package dev.converge.portal.builds;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a build request field by field before anything touches the cluster; each bad field gets a message key
 * (messages.properties {@code builds.error.*}). Pure: the same rules serve the form and the JSON API.
 */
final class BuildRequestValidator {

    /** Room is left for the {@code -r<n>} suffix of retries within the 63-character pod name limit. */
    static final int MAX_NAME = 52;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** The Docker reference grammar: [registry[:port]/]path[:tag][@sha256:digest]. */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Pattern CPU = Pattern.compile("[0-9]+(\\.[0-9]{1,3})?|[0-9]+m");
    private static final Pattern MEMORY = Pattern.compile("[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final BigDecimal MAX_CPU = BigDecimal.valueOf(64);
    private static final BigDecimal MAX_MEMORY = BigDecimal.valueOf(512L * 1024 * 1024 * 1024);
    static final int MAX_GPU = 8;
    static final int MIN_TIMEOUT = 60;
    static final int MAX_TIMEOUT = 24 * 3600;
    private static final int MAX_COMMAND = 16 * 1024;
    private static final int MAX_ENV = 50;

    private BuildRequestValidator() {
    }

    /** Field → message key for every bad field; empty when the request is usable. Expects defaults applied. */
    static Map<String, String> problems(BuildRequest request) {
        var problems = new LinkedHashMap<String, String>();
        if (request.namespace() == null || request.namespace().isEmpty()) {
            problems.put("namespace", "builds.error.namespace");
        }
        if (request.name() == null || request.name().length() > MAX_NAME || !NAME.matcher(request.name()).matches()) {
            problems.put("name", "builds.error.name");
        }
        if (request.artifact() == null || request.artifact().isEmpty()) {
            problems.put("artifact", "builds.error.artifact");
        }
        if (request.sha256() != null && !SHA256.matcher(request.sha256()).matches()) {
            problems.put("sha256", "builds.error.sha256.format");
        }
        if (request.baseImage() == null || request.baseImage().length() > 255
                || !IMAGE.matcher(request.baseImage()).matches()) {
            problems.put("baseImage", "builds.error.baseImage");
        }
        if (request.command() == null || request.command().isBlank()) {
            problems.put("command", "builds.error.command");
        } else if (request.command().length() > MAX_COMMAND) {
            problems.put("command", "builds.error.command.tooLong");
        }
        var resources = request.resources();
        if (!CPU.matcher(resources.cpu()).matches() || !within(resources.cpu(), MAX_CPU)) {
            problems.put("resources.cpu", "builds.error.cpu");
        }
        if (!MEMORY.matcher(resources.memory()).matches() || !within(resources.memory(), MAX_MEMORY)) {
            problems.put("resources.memory", "builds.error.memory");
        }
        if (resources.gpu() < 0 || resources.gpu() > MAX_GPU) {
            problems.put("resources.gpu", "builds.error.gpu");
        }
        if (request.env().size() > MAX_ENV || request.env().keySet().stream().anyMatch(name -> name == null
                || !ENV_NAME.matcher(name).matches() || name.startsWith("ARTIFACT_"))) {
            problems.put("env", "builds.error.env");
        }
        if (request.timeoutSeconds() < MIN_TIMEOUT || request.timeoutSeconds() > MAX_TIMEOUT) {
            problems.put("timeoutSeconds", "builds.error.timeout");
        }
        return problems;
    }

    /** Positive and at most {@code max}; quantities the pattern let through always parse. */
    private static boolean within(String quantity, BigDecimal max) {
        var amount = BuildPods.amount(quantity);
        return amount.signum() > 0 && amount.compareTo(max) <= 0;
    }
}
