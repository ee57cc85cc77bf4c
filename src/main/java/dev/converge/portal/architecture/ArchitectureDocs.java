package dev.converge.portal.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The documentation of {@code docs/} as the portal shows it: the Markdown pages rendered once at start, and the
 * architecture diagrams. The build copies both from {@code docs/} into the jar, so the portal and a checkout read
 * the same files. Only the files found there can be asked for: a name is a key, never a path.
 */
@Component
public class ArchitectureDocs {

    /** The reading order of the diagrams; any other diagram follows in name order. */
    private static final List<String> ORDER = List.of("components", "request-path", "deploy-sequence",
            "live-updates", "rag-flow");

    private final List<Diagram> diagrams;
    private final Map<String, String> pages;

    ArchitectureDocs() {
        var resolver = new PathMatchingResourcePatternResolver();
        this.diagrams = load(resolver, "classpath*:static/architecture/diagrams/*.mmd", ".mmd").entrySet().stream()
                .map(entry -> Diagram.parse(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing((Diagram diagram) -> ORDER.contains(diagram.name())
                        ? ORDER.indexOf(diagram.name()) : ORDER.size()).thenComparing(Diagram::name))
                .toList();
        var parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        var renderer = HtmlRenderer.builder()
                .extensions(List.of(TablesExtension.create(), HeadingAnchorExtension.create()))
                // the docs are ours, but nothing in them needs raw HTML: escaping it keeps the CSP's promise
                .escapeHtml(true).sanitizeUrls(true).build();
        var rendered = new LinkedHashMap<String, String>();
        load(resolver, "classpath*:portal-docs/*.md", ".md").forEach((name, markdown) -> {
            var document = parser.parse(markdown);
            document.accept(new PortalLinks());
            rendered.put(name, renderer.render(document));
        });
        this.pages = Map.copyOf(rendered);
    }

    public List<Diagram> diagrams() {
        return diagrams;
    }

    /** A page of {@code docs/} rendered to HTML, by its name without {@code .md}. */
    public Optional<String> page(String name) {
        return Optional.ofNullable(pages.get(name));
    }

    public List<String> pageNames() {
        return pages.keySet().stream().sorted().toList();
    }

    private static Map<String, String> load(PathMatchingResourcePatternResolver resolver, String pattern,
            String suffix) {
        try {
            var files = new LinkedHashMap<String, String>();
            for (Resource resource : resolver.getResources(pattern)) {
                var file = resource.getFilename();
                if (file != null && file.endsWith(suffix)) {
                    files.put(file.substring(0, file.length() - suffix.length()),
                            resource.getContentAsString(StandardCharsets.UTF_8));
                }
            }
            return files;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The documentation in the jar cannot be read", ex);
        }
    }

    /**
     * Links between the files of {@code docs/} point to files of a checkout; in the portal they point to the same
     * page rendered here ({@code api.md#x} → {@code /architecture/docs/api#x}) or the diagram source it serves.
     */
    private static final class PortalLinks extends AbstractVisitor {
        @Override
        public void visit(Link link) {
            var target = link.getDestination();
            if (!target.contains(":") && !target.startsWith("/") && !target.startsWith("#")) {
                var hash = target.indexOf('#');
                var path = hash < 0 ? target : target.substring(0, hash);
                var anchor = hash < 0 ? "" : target.substring(hash);
                if (path.equals("architecture.md")) {
                    link.setDestination("/architecture" + anchor);
                }
                else if (path.endsWith(".md") && !path.contains("/")) {
                    link.setDestination("/architecture/docs/" + path.substring(0, path.length() - 3) + anchor);
                }
                else if (path.startsWith("architecture/") && path.endsWith(".mmd")) {
                    link.setDestination("/assets/architecture/diagrams/" + path.substring("architecture/".length()));
                }
                else if (path.equals("index.html")) {
                    link.setDestination("/architecture");
                }
            }
            visitChildren(link);
        }
    }
}
