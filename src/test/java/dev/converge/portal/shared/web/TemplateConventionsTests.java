package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One way per concern in the templates (docs/development.md): htmx attributes with expressions go through the
 * htmx-spring-boot dialect ({@code hx:get="@{...}"}), and a list's results fragment is called {@code results}.
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
