package dev.converge.portal.rag.runtime;

import java.io.IOException;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of a PDF, page by page, through PDFBox. */
final class PdfText {

    private PdfText() {
    }

    static String of(byte[] content) throws DocumentParseException {
        try (var document = Loader.loadPDF(content)) {
            var stripper = new PDFTextStripper();
            stripper.setParagraphEnd("\n\n");
            var text = stripper.getText(document);
            if (text.isBlank()) {
                throw new DocumentParseException("the PDF has no text layer (scanned images are not read)");
            }
            return text;
        } catch (InvalidPasswordException e) {
            throw new DocumentParseException("the PDF is encrypted", e);
        } catch (IOException e) {
            throw new DocumentParseException("not a readable PDF: " + e.getMessage(), e);
        }
    }
}
