package dev.converge.portal.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

/**
 * Every link in {@code docs/} (and the README) resolves: to a file of the checkout, and for {@code file.md#part} to
 * a heading of that file, with the anchors GitHub and the portal give headings.
 */
class DocsLinksTests {

    private static final Pattern HTML_LINK = Pattern.compile("(?:href|src)=\"([^\"]+)\"");
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(List.of(HeadingAnchorExtension.create())).build();

    @Test
    void everyRelativeLinkInTheDocsResolves() throws IOException {
        var broken = new ArrayList<String>();
        for (var file : documents()) {
            for (var target : links(file)) {
                if (target.contains("://") || target.startsWith("mailto:") || target.startsWith("data:") || target.startsWith("/")) {
                    continue;
                }
                var hash = target.indexOf('#');
                var path = hash < 0 ? target : target.substring(0, hash);
                var anchor = hash < 0 ? null : target.substring(hash + 1);
                var resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + " → " + target + " (no such file)");
                }
                else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains("id=\"" + anchor + "\"")) {
                    broken.add(file + " → " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theCheckFindsABrokenLink(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        var file = Files.writeString(folder.resolve("page.md"), "# Page\n[gone](missing.md) [here](#page)\n");
        assertThat(links(file)).containsExactly("missing.md", "#page");
        assertThat(anchors(file)).contains("id=\"page\"");
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            var found = new ArrayList<>(files.filter(file -> !file.startsWith(Path.of("docs", "vendor")))
                    .filter(file -> file.toString().endsWith(".md") || file.toString().endsWith(".html")).toList());
            found.add(Path.of("README.md"));
            return found;
        }
    }

    private static List<String> links(Path file) throws IOException {
        var text = Files.readString(file);
        var found = new ArrayList<String>();
        if (file.toString().endsWith(".html")) {
            var matcher = HTML_LINK.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
            return found;
        }
        PARSER.parse(text).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                found.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                found.add(image.getDestination());
            }
        });
        return found;
    }

    private static String anchors(Path markdown) throws IOException {
        return RENDERER.render(PARSER.parse(Files.readString(markdown)));
    }
}
