package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A browser without JavaScript signs in and reaches every page through the navigation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NavigationIntegrationTests {

    static final List<String> NAVIGATION = List.of("Builds", "Deployments", "RAG models", "Chat", "Experiments",
            "Costs", "Trust", "Architecture");

    @LocalServerPort
    int port;

    @Autowired
    AuditLog auditLog;

    WebClient browser;

    @BeforeEach
    void openBrowser() {
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aDeveloperReachesEveryNavigationPageThroughItsLink() throws Exception {
        var home = signIn("dev", "dev-pass");
        assertThat(home.getTitleText()).startsWith("Home");
        assertThat(home.querySelector("main h1").getTextContent()).isEqualTo("Welcome, dev");
        assertThat(home.asNormalizedText()).contains("Upload a model artifact, build it");
        assertThat(home.getAnchors()).extracting(HtmlAnchor::getTextContent).doesNotContain("Audit");

        for (var entry : NAVIGATION) {
            HtmlPage page = navigationLink(home, entry).click();
            assertThat(page.getWebResponse().getStatusCode()).as(entry).isEqualTo(200);
            assertInsideLayout(page, entry);
            home = page;
        }
    }

    @Test
    void theArchitectureListsEachDiagramsComponentsWithTheirPagesAndSectionsWithoutJavaScript() throws Exception {
        var home = signIn("viewer", "viewer-pass");
        HtmlPage architecture = navigationLink(home, "Architecture").click();
        assertThat(architecture.asNormalizedText()).contains("The component map", "The RAG flow");
        HtmlPage rag = architecture.getAnchorByText("RAG manager").click();
        assertThat(rag.getUrl().getPath()).isEqualTo("/rag/models");
        var section = architecture.getAnchors().stream()
                .filter(anchor -> anchor.getHrefAttribute().equals("#rag-manager")).findFirst().orElseThrow();
        assertThat(architecture.getElementById("rag-manager")).as(section.getHrefAttribute()).isNotNull();
        assertThat(architecture.getElementById("rag-manager").getTextContent()).isEqualTo("RAG manager");
    }

    @Test
    void anAdminFiltersTheAuditTrailWithAPlainForm() throws Exception {
        auditLog.record("dev2", "deployment.create", "deployment/language/llama", AuditOutcome.SUCCESS, null);
        auditLog.record("lead", "cost.budget", "team/vision", AuditOutcome.DENIED, null);
        var home = signIn("admin", "admin-pass");
        HtmlPage audit = navigationLink(home, "Audit").click();
        assertInsideLayout(audit, "Audit");

        HtmlForm filters = audit.getFirstByXPath("//form[@role='search']");
        filters.getInputByName("actor").setValue("dev2");
        HtmlPage filtered = filters.getOneHtmlElementByAttribute("button", "type", "submit").click();

        assertThat(filtered.getUrl().getQuery()).contains("actor=dev2");
        var rows = filtered.querySelectorAll("#audit-results tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).asNormalizedText()).contains("deployment.create").doesNotContain("cost.budget");
    }

    @Test
    void unknownAddressesShowTheNotFoundPageInsideTheLayout() throws Exception {
        signIn("dev", "dev-pass");
        HtmlPage missing = browser.getPage(url("/no/such/page"));
        assertThat(missing.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(missing.querySelector("main h1").getTextContent()).isEqualTo("Not found");
        assertThat((Object) missing.querySelector("nav[aria-label=Main]")).isNotNull();
        assertThat(missing.asXml()).doesNotContain("Whitelabel").doesNotContain("Exception");
    }

    @Test
    void nonAdminsGetTheForbiddenPageForTheAuditTrail() throws Exception {
        signIn("lead", "lead-pass");
        HtmlPage audit = browser.getPage(url("/audit"));
        assertThat(audit.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(audit.querySelector("main h1").getTextContent()).isEqualTo("Not allowed");
        assertThat((Object) audit.querySelector("nav[aria-label=Main]")).isNotNull();
    }

    private HtmlPage signIn(String username, String password) throws Exception {
        HtmlPage login = browser.getPage(url("/"));
        assertThat(login.getUrl().getPath()).isEqualTo("/login");
        HtmlForm form = login.getFirstByXPath("//form[@method='post']");
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        HtmlPage home = form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(home.getUrl().getPath()).isEqualTo("/");
        return home;
    }

    private static HtmlAnchor navigationLink(HtmlPage page, String text) {
        return page.<HtmlAnchor>querySelectorAll("nav[aria-label=Main] a").stream()
                .map(HtmlAnchor.class::cast)
                .filter(anchor -> anchor.getTextContent().trim().equals(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no navigation link " + text));
    }

    private static void assertInsideLayout(HtmlPage page, String entry) {
        assertThat((Object) page.querySelector("header.topbar")).as(entry).isNotNull();
        assertThat((Object) page.getElementById("alerts")).as(entry).isNotNull();
        assertThat((Object) page.querySelector("main#main h1")).as(entry).isNotNull();
        assertThat((Object) page.querySelector("footer")).as(entry).isNotNull();
        var current = page.querySelector("nav[aria-label=Main] a[aria-current=page]");
        assertThat(current).as(entry).isNotNull();
        assertThat(current.getTextContent().trim()).isEqualTo(entry);
        assertThat((Object) page.querySelector(".badge-sandbox")).as("sandbox badge on " + entry).isNotNull();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
