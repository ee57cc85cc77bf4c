package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One way per concern in the templates (docs/development.md): htmx attributes with expressions go through the
 * htmx-spring-boot dialect ({@code hx:get="@{...}"}), and a list's results fragment is called {@code results}; and
 * every message a template names exists (a missing one shows users {@code ??key_en_US??}).
 */
class TemplateConventionsTests {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern OTHER_HTMX_EXPRESSIONS = Pattern.compile("th:hx-|th:attr=\"[^\"]*\\bhx-");
    private static final Pattern TABLE_FRAGMENT = Pattern.compile("th:fragment=\"table\\b");

    @Test
    void htmxAttributesWithExpressionsUseTheDialect() throws IOException {
        assertThat(offending(OTHER_HTMX_EXPRESSIONS)).as("write hx:get=\"@{...}\", not th:hx-get or th:attr").isEmpty();
    }

    @Test
    void listResultsFragmentsAreCalledResults() throws IOException {
        assertThat(offending(TABLE_FRAGMENT)).as("name a list's fragment `results`").isEmpty();
    }

    /** Literal keys only ({@code #{cost.dashboard.trend}}, with or without arguments); built keys are not checked. */
    @Test
    void everyMessageKeyATemplateNamesExists() throws IOException {
        var keys = messageKeys();
        var missing = new TreeSet<String>();
        var key = Pattern.compile("#\\{([A-Za-z0-9_.-]+)\\s*[}(]");
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                var markup = Files.readString(file).replaceAll("(?s)<!--.*?-->", "");
                var matcher = key.matcher(markup);
                while (matcher.find()) {
                    if (!keys.contains(matcher.group(1))) {
                        missing.add(TEMPLATES.relativize(file) + ": " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(keys).as("messages read").hasSizeGreaterThan(100);
        assertThat(missing).as("message keys named in templates but in no messages*.properties").isEmpty();
    }

    /** The first bundle listed wins a key defined twice, so the other text is silently never shown. */
    @Test
    void noMessageKeyIsInTwoBundles() throws IOException {
        var seen = new HashMap<String, String>();
        var twice = new TreeSet<String>();
        for (var bundle : bundles()) {
            for (var key : bundle.getValue().stringPropertyNames()) {
                var first = seen.putIfAbsent(key, bundle.getKey());
                if (first != null) {
                    twice.add(key + " in " + first + " and " + bundle.getKey());
                }
            }
        }
        assertThat(twice).isEmpty();
    }

    /** The keys of every bundle spring.messages.basename lists. */
    private static Set<String> messageKeys() throws IOException {
        var keys = new TreeSet<String>();
        for (var bundle : bundles()) {
            keys.addAll(bundle.getValue().stringPropertyNames());
        }
        return keys;
    }

    /** Each bundle spring.messages.basename lists, by name, in its order. */
    private static List<Map.Entry<String, Properties>> bundles() throws IOException {
        var application = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
        var bundles = new ArrayList<Map.Entry<String, Properties>>();
        for (var bundle : application.getProperty("spring.messages.basename").split(",")) {
            var messages = new Properties();
            try (var in = Files.newBufferedReader(Path.of("src/main/resources", bundle.strip() + ".properties"))) {
                messages.load(in);
            }
            bundles.add(Map.entry(bundle.strip(), messages));
        }
        return bundles;
    }

    private static List<String> offending(Pattern pattern) throws IOException {
        var found = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                var lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (pattern.matcher(lines.get(i)).find()) {
                        found.add(TEMPLATES.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}
