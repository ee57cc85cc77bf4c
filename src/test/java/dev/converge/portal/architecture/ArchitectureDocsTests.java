package dev.converge.portal.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The diagrams and documents the portal shows are the files of {@code docs/}, whole and consistent. */
class ArchitectureDocsTests {

    private static final Path DOCS = Path.of("docs");

    private final ArchitectureDocs docs = new ArchitectureDocs();

    @Test
    void everyDiagramOfTheDocsIsShownInTheReadingOrderWithItsTitle() throws IOException {
        assertThat(docs.diagrams()).extracting(Diagram::name)
                .containsExactly("components", "request-path", "deploy-sequence", "live-updates", "rag-flow")
                .containsExactlyInAnyOrderElementsOf(diagramFiles());
        assertThat(docs.diagrams()).extracting(Diagram::title)
                .containsExactly("The component map", "A request's path", "Deploying a model", "Live updates",
                        "The RAG flow");
    }

    @Test
    void everyClickableNodeHasALabelAPageAndASectionThatExists() {
        var architecture = docs.page("architecture").orElseThrow();
        for (var diagram : docs.diagrams()) {
            assertThat(diagram.nodes()).as(diagram.name()).hasSizeGreaterThanOrEqualTo(4);
            for (var node : diagram.nodes()) {
                assertThat(node.label()).as("label of %s in %s", node.id(), diagram.name()).isNotBlank();
                assertThat(node.page()).as(node.id()).startsWith("/");
                assertThat(architecture).as("section #%s of %s in %s", node.section(), node.id(), diagram.name())
                        .contains("id=\"" + node.section() + "\"");
            }
        }
    }

    @Test
    void theComponentMapShowsTheLiveStateOfTheSystemsBehindThePortal() {
        var map = docs.diagrams().get(0);
        assertThat(map.nodes()).filteredOn(node -> node.component() != null).extracting(DiagramNode::component)
                .contains("kubernetes", "objectStorage", "database", "mlflow", "live", "ragReconciler");
    }

    @Test
    void theStandaloneViewerAndTheArchitecturePageListEveryDiagram() throws IOException {
        var index = Files.readString(DOCS.resolve("index.html"));
        var architecture = Files.readString(DOCS.resolve("architecture.md"));
        for (var name : diagramFiles()) {
            assertThat(index).contains("data-diagram=\"" + name + "\"");
            assertThat(architecture).contains("(architecture/" + name + ".mmd)");
        }
    }

    @Test
    void linksBetweenDocumentsLeadToTheSamePagesInThePortal() {
        var architecture = docs.page("architecture").orElseThrow();
        assertThat(architecture).contains("href=\"/architecture/docs/api\"", "href=\"/architecture/docs/sandbox\"",
                "href=\"/assets/architecture/diagrams/components.mmd\"").doesNotContain("href=\"api.md\"");
        assertThat(docs.pageNames()).contains("architecture", "api", "development", "security", "sandbox");
    }

    @Test
    void anUnknownOrCraftedPageNameIsNotAPath() {
        assertThat(docs.page("../README")).isEmpty();
        assertThat(docs.page("%2e%2e/pom")).isEmpty();
        assertThat(docs.page("nothing")).isEmpty();
    }

    @Test
    void theDocsKeepTheSameMermaidThePortalServes() throws IOException {
        var version = Files.readString(DOCS.resolve("vendor/mermaid/VERSION")).strip();
        try (var webjar = getClass().getClassLoader()
                .getResourceAsStream("META-INF/resources/webjars/mermaid/" + version + "/dist/mermaid.min.js")) {
            assertThat(webjar).as("the webjar of Mermaid %s (pom.xml) that docs/vendor copies", version).isNotNull();
            assertThat(webjar.readAllBytes()).isEqualTo(Files.readAllBytes(DOCS.resolve("vendor/mermaid/mermaid.min.js")));
        }
    }

    private static java.util.List<String> diagramFiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCS.resolve("architecture"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".mmd"))
                    .map(name -> name.substring(0, name.length() - 4)).sorted().toList();
        }
    }
}
