package dev.converge.portal.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The Kubernetes API calls of the portal's own code (not the sandbox's), read from the sources: each fabric8 entry
 * point ({@code .pods()}, {@code .apps().deployments()}, {@code .leases()}, {@code .resources(Kind.class)},
 * {@code genericKubernetesResources("group/version", "Kind")}, the informer kinds of {@code KubernetesCaches}) with
 * the verbs its statement calls. A verb called on a variable in a later statement, or through the generic
 * {@code client.resource(object)}, is not seen: the scan finds a floor, the documented table must cover at least it.
 */
final class KubernetesCallsScan {

    static final Path SOURCES = Path.of("src/main/java/dev/converge/portal");

    /** An API call seen in the code: where, on what, and which verb. */
    record Call(String file, String group, String resource, String verb) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb + " (" + file + ")";
        }
    }

    private static final Map<Pattern, String[]> ENTRY_POINTS = new LinkedHashMap<>();

    static {
        entry("\\.top\\(\\)\\s*\\.pods\\(\\)", "metrics.k8s.io", "pods");
        entry("\\.top\\(\\)\\s*\\.nodes\\(\\)", "metrics.k8s.io", "nodes");
        entry("(?<!top\\(\\))\\s*\\.pods\\(\\)", "", "pods");
        entry("(?<!top\\(\\))\\s*\\.nodes\\(\\)", "", "nodes");
        entry("\\.services\\(\\)", "", "services");
        entry("\\.namespaces\\(\\)", "", "namespaces");
        entry("\\.configMaps\\(\\)", "", "configmaps");
        entry("\\.secrets\\(\\)", "", "secrets");
        entry("\\.serviceAccounts\\(\\)", "", "serviceaccounts");
        entry("\\.persistentVolumeClaims\\(\\)", "", "persistentvolumeclaims");
        entry("(?<!v1\\(\\))\\s*\\.events\\(\\)", "", "events");
        entry("\\.apps\\(\\)\\s*\\.deployments\\(\\)", "apps", "deployments");
        entry("\\.apps\\(\\)\\s*\\.replicaSets\\(\\)", "apps", "replicasets");
        entry("\\.apps\\(\\)\\s*\\.statefulSets\\(\\)", "apps", "statefulsets");
        entry("\\.autoscaling\\(\\)\\s*\\.v2\\(\\)\\s*\\.horizontalPodAutoscalers\\(\\)", "autoscaling",
                "horizontalpodautoscalers");
        entry("\\.batch\\(\\)\\s*\\.v1\\(\\)\\s*\\.jobs\\(\\)", "batch", "jobs");
        entry("\\.leases\\(\\)", "coordination.k8s.io", "leases");
        entry("\\.network\\(\\)\\s*\\.v1\\(\\)\\s*\\.ingresses\\(\\)", "networking.k8s.io", "ingresses");
    }

    private static final Pattern TYPED = Pattern.compile("\\.resources\\(\\s*(\\w+)\\.class");
    private static final Pattern GENERIC = Pattern.compile(
            "genericKubernetesResources\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"");
    private static final Pattern INFORMED_KINDS = Pattern.compile("BUILT_IN_KINDS\\s*=\\s*List\\.of\\(([^;]*)\\);");

    private static final Map<Pattern, List<String>> VERBS = new LinkedHashMap<>();

    static {
        verbs("\\.get\\(\\)", "get");
        verbs("\\.list\\(", "list");
        verbs("\\.(watch|inform|informer|runnableInformer|sharedIndexInformer)\\(", "list", "watch");
        verbs("\\.(create|createOr|serverSideApply)\\(", "create");
        verbs("\\.delete\\(", "delete");
        verbs("\\.(patch|edit|accept)\\(", "patch");
        verbs("\\.(update|replace|updateStatus)\\(", "update");
    }

    private static final Pattern LOGS = Pattern.compile(
            "\\.(getLog|watchLog|getLogInputStream|getLogReader|tailingLines|sinceTime|sinceSeconds)\\(");
    private static final Pattern SCALE = Pattern.compile("\\.scale\\(");

    private KubernetesCallsScan() {
    }

    static List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.startsWith(SOURCES.resolve("sandbox"))).toList()) {
                scan(file, Files.readString(file), calls);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    private static void scan(Path file, String source, List<Call> calls) {
        String name = SOURCES.relativize(file).toString();
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        for (var entry : ENTRY_POINTS.entrySet()) {
            addStatements(name, code, entry.getKey(), entry.getValue()[0], entry.getValue()[1], calls);
        }
        Matcher typed = TYPED.matcher(code);
        while (typed.find()) {
            Class<?> kind = resolve(typed.group(1), code, file);
            if (kind != null) {
                addStatement(name, statementAt(code, typed.end()), HasMetadata.getGroup(kind),
                        HasMetadata.getPlural(kind), calls);
            } else {
                calls.add(new Call(name, "?", typed.group(1), "unresolved kind"));
            }
        }
        Matcher generic = GENERIC.matcher(code);
        while (generic.find()) {
            String apiVersion = generic.group(1);
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            addStatement(name, statementAt(code, generic.end()), group,
                    io.fabric8.kubernetes.api.Pluralize.toPlural(generic.group(2).toLowerCase(java.util.Locale.ROOT)), calls);
        }
        Matcher informed = INFORMED_KINDS.matcher(code);
        if (informed.find()) {
            for (String simple : informed.group(1).split(",")) {
                Class<?> kind = resolve(simple.strip().replace(".class", ""), code, file);
                if (kind != null) {
                    for (String verb : List.of("list", "watch")) {
                        calls.add(new Call(name, HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), verb));
                    }
                }
            }
        }
    }

    private static void addStatements(String file, String code, Pattern entry, String group, String resource,
                                      List<Call> calls) {
        Matcher matcher = entry.matcher(code);
        while (matcher.find()) {
            addStatement(file, statementAt(code, matcher.end()), group, resource, calls);
        }
    }

    private static void addStatement(String file, String statement, String group, String resource, List<Call> calls) {
        Set<String> verbs = new TreeSet<>();
        VERBS.forEach((pattern, named) -> {
            if (pattern.matcher(statement).find()) {
                verbs.addAll(named);
            }
        });
        String target = resource;
        if (LOGS.matcher(statement).find()) {
            target = resource + "/log";
            verbs.remove("list");
            verbs.remove("watch");
            verbs.add("get");
        } else if (SCALE.matcher(statement).find()) {
            target = resource + "/scale";
            verbs.add("patch");
        }
        for (String verb : verbs) {
            calls.add(new Call(file, group == null ? "" : group, target, verb));
        }
        if (verbs.isEmpty()) {
            calls.add(new Call(file, group == null ? "" : group, target, "(named only)"));
        }
    }

    /** From an entry point to the end of its statement. */
    private static String statementAt(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '{') {
                depth++;
            } else if (c == ')' || c == '}') {
                if (--depth < 0) {
                    return code.substring(from, i);
                }
            } else if (c == ';' && depth <= 0) {
                return code.substring(from, i);
            }
        }
        return code.substring(from);
    }

    private static Class<?> resolve(String simpleName, String code, Path file) {
        Matcher imported = Pattern.compile("import\\s+([\\w.]+\\." + Pattern.quote(simpleName) + ");").matcher(code);
        List<String> candidates = new ArrayList<>();
        if (imported.find()) {
            candidates.add(imported.group(1));
        }
        Matcher pkg = Pattern.compile("package\\s+([\\w.]+);").matcher(code);
        if (pkg.find()) {
            candidates.add(pkg.group(1) + "." + simpleName);
        }
        candidates.add("io.fabric8.kubernetes.api.model." + simpleName);
        for (String candidate : candidates) {
            try {
                Class<?> type = Class.forName(candidate);
                if (HasMetadata.class.isAssignableFrom(type)) {
                    return type;
                }
            } catch (ClassNotFoundException e) {
                // next candidate
            }
        }
        return null;
    }

    private static void entry(String regex, String group, String resource) {
        ENTRY_POINTS.put(Pattern.compile(regex), new String[] {group, resource});
    }

    private static void verbs(String regex, String... verbs) {
        VERBS.put(Pattern.compile(regex), List.of(verbs));
    }
}
