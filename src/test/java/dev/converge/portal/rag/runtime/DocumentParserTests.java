package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentParserTests {

    @Test
    void plainTextIsReadAsUtf8WithoutItsByteOrderMark() throws Exception {
        var text = DocumentParser.text("notes/readme.txt", "\uFEFFCafé au lait.".getBytes(StandardCharsets.UTF_8));
        assertThat(text).isEqualTo("Café au lait.");
    }

    @Test
    void markdownLosesItsMarkup() throws Exception {
        var markdown = """
                # Installing the **portal**

                See [the guide](https://example.com/guide) and ![diagram](d.png).

                - first `step`
                - second _step_

                ```bash
                helm install portal
                ```
                """;
        var text = DocumentParser.text("guide.MD", markdown.getBytes(StandardCharsets.UTF_8));
        assertThat(text).contains("Installing the portal", "See the guide and diagram.", "first step",
                "second step", "helm install portal")
                .doesNotContain("#", "**", "](", "```", "- first");
    }

    @Test
    void htmlKeepsOnlyVisibleTextWithEntitiesDecoded() throws Exception {
        var html = """
                <html><head><title>Ignored title</title><style>p { color: red }</style></head>
                <body><script>alert('x')</script><!-- hidden -->
                <h1>Tides &amp; the Moon</h1><p>High&nbsp;tide at 6&#58;00 &lt;local&gt; &#x2014; twice a day.</p>
                </body></html>
                """;
        var text = DocumentParser.text("tides.html", html.getBytes(StandardCharsets.UTF_8));
        assertThat(text).contains("Tides & the Moon", "High tide at 6:00 <local> — twice a day.")
                .doesNotContain("alert", "color", "hidden", "Ignored title", "<h1>");
    }

    @Test
    void pdfTextIsExtracted() throws Exception {
        var text = DocumentParser.text("report.pdf", pdf("The aqueduct carried water by gravity.", "Second page."));
        assertThat(text).contains("The aqueduct carried water by gravity.", "Second page.");
    }

    @Test
    void aBrokenPdfFailsWithAReason() {
        assertThatThrownBy(() -> DocumentParser.text("broken.pdf", "%PDF-1.7 not really".getBytes()))
                .isInstanceOf(DocumentParseException.class).hasMessageContaining("not a readable PDF");
    }

    @Test
    void aPdfWithoutTextFailsWithAReason() throws Exception {
        assertThatThrownBy(() -> DocumentParser.text("scan.pdf", pdf()))
                .isInstanceOf(DocumentParseException.class).hasMessageContaining("no text layer");
    }

    @Test
    void binaryContentNamedTxtIsRefused() {
        assertThatThrownBy(() -> DocumentParser.text("a.txt", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}))
                .isInstanceOf(DocumentParseException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> DocumentParser.text("b.txt", new byte[] {'a', 0, 'b'}))
                .isInstanceOf(DocumentParseException.class).hasMessageContaining("NUL");
    }

    @Test
    void unsupportedTypesAreNamed() {
        assertThat(DocumentParser.isSupported("deck.pptx")).isFalse();
        assertThat(DocumentParser.isSupported("dir.v2/noextension")).isFalse();
        assertThatThrownBy(() -> DocumentParser.text("deck.pptx", new byte[] {1}))
                .isInstanceOf(DocumentParseException.class).hasMessageContaining("unsupported document type")
                .hasMessageContaining("pdf");
    }

    /** A PDF with one page per text (no text: one empty page). */
    static byte[] pdf(String... pages) throws Exception {
        try (var document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            if (pages.length == 0) {
                document.addPage(new PDPage());
            }
            for (var text : pages) {
                var page = new PDPage();
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
