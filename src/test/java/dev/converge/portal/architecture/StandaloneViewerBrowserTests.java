package dev.converge.portal.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * {@code docs/index.html} without the portal: served as plain files (as any static server or a docs site would),
 * it draws the same diagrams, links their components to the documentation, and shows no badges. Opened as a file,
 * it says how to serve it.
 */
class StandaloneViewerBrowserTests {

    private static final Path DOCS = Path.of("docs").toAbsolutePath();

    @TempDir
    Path profile;

    private HttpServer server;

    @BeforeEach
    void serveTheDocsFolder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var file = DOCS.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(DOCS) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            var name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".js") ? "text/javascript"
                    : name.endsWith(".css") ? "text/css" : name.endsWith(".html") ? "text/html" : "text/plain");
            var bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (var body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theDocsDrawEveryDiagramWithLinksToTheirSections() {
        try (var journey = Journey.start("standalone-viewer", profile, server.getAddress().getPort())) {
            journey.open("/index.html").visible(By.cssSelector("[data-architecture-viewer][data-ready=true]"));
            assertThat(journey.all(By.cssSelector("[data-diagram]"))).hasSize(5)
                    .allSatisfy(diagram -> assertThat(diagram.getDomAttribute("data-rendered")).isEqualTo("true"));
            journey.sees(By.cssSelector("[data-diagram=components] h2"), "The component map");
            assertThat(journey.all(By.cssSelector("a.diagram-link")))
                    .allSatisfy(link -> assertThat(link.getDomAttribute("href")).startsWith("architecture.md#"));
            assertThat(journey.all(By.cssSelector("[data-state]"))).as("no badges without the portal").isEmpty();
            journey.seesNo(By.id("file-notice")).step("standalone-drawn");
        }
    }

    @Test
    void openedAsAFileItSaysHowToServeIt() {
        try (var journey = Journey.start("standalone-file", profile, server.getAddress().getPort())) {
            journey.driver().get(DOCS.resolve("index.html").toUri().toString());
            journey.sees(By.id("file-notice"), "python3 -m http.server");
            journey.expectConsoleError("architecture/").expectConsoleError("components.mmd").step("opened-as-file");
        }
    }
}
