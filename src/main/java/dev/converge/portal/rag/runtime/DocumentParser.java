package dev.converge.portal.rag.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** The text of a document, chosen by its file extension: plain text, Markdown, HTML (text only) or PDF. */
public final class DocumentParser {

    public static final Set<String> SUPPORTED_EXTENSIONS = Set.of("txt", "text", "md", "markdown", "html", "htm",
            "pdf");

    private DocumentParser() {
    }

    public static boolean isSupported(String name) {
        return SUPPORTED_EXTENSIONS.contains(extension(name));
    }

    public static String text(String name, byte[] content) throws DocumentParseException {
        return switch (extension(name)) {
            case "txt", "text" -> utf8(content);
            case "md", "markdown" -> MarkdownText.of(utf8(content));
            case "html", "htm" -> HtmlText.of(utf8(content));
            case "pdf" -> PdfText.of(content);
            default -> throw new DocumentParseException("unsupported document type (supported: "
                    + String.join(", ", SUPPORTED_EXTENSIONS.stream().sorted().toList()) + ")");
        };
    }

    static String extension(String name) {
        var slash = name.lastIndexOf('/');
        var dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Strict UTF-8: a binary file named .txt fails with a clear message instead of indexing garbage. */
    private static String utf8(byte[] content) throws DocumentParseException {
        try {
            var text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new DocumentParseException("not a text file (contains NUL bytes)");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new DocumentParseException("not UTF-8 text", e);
        }
    }
}
