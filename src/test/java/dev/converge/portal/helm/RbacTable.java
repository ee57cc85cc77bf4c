package dev.converge.portal.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Kubernetes rights table of {@code docs/operations.md} (between the {@code rbac-table} markers): per API group
 * and resource, the verbs the portal may use. The chart may grant only what it lists; the code may call only what
 * it lists.
 */
final class RbacTable {

    static final Path DOCUMENT = Path.of("docs/operations.md");
    private static final Pattern TABLE = Pattern.compile("<!-- rbac-table:start -->(.*?)<!-- rbac-table:end -->",
            Pattern.DOTALL);

    /** {@code group/resource} (core group: {@code /pods}) → verbs. */
    private final Map<String, Set<String>> rights;

    private RbacTable(Map<String, Set<String>> rights) {
        this.rights = rights;
    }

    static RbacTable read() {
        String text;
        try {
            text = Files.readString(DOCUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var table = TABLE.matcher(text);
        if (!table.find()) {
            throw new AssertionError(DOCUMENT + " has no rbac-table markers");
        }
        Map<String, Set<String>> rights = new TreeMap<>();
        for (String line : table.group(1).lines().toList()) {
            var cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            if (cells.size() < 4 || cells.get(1).isEmpty() || cells.get(1).startsWith("API group")
                    || cells.get(1).startsWith("---")) {
                continue;
            }
            String group = unquote(cells.get(1)).equals("core") ? "" : unquote(cells.get(1));
            Set<String> verbs = Arrays.stream(cells.get(3).split(",")).map(String::strip).map(RbacTable::unquote)
                    .filter(verb -> !verb.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
            rights.computeIfAbsent(key(group, unquote(cells.get(2))), k -> new TreeSet<>()).addAll(verbs);
        }
        return new RbacTable(rights);
    }

    static String key(String group, String resource) {
        return group + "/" + resource;
    }

    boolean allows(String group, String resource, String verb) {
        return rights.getOrDefault(key(group, resource), Set.of()).contains(verb);
    }

    Map<String, Set<String>> rights() {
        return rights;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").strip();
    }
}
