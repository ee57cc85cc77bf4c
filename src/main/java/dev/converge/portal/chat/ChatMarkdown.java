package dev.converge.portal.chat;

import java.util.Locale;

import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;
import dev.converge.portal.shared.web.RenderedHtml;
import org.springframework.stereotype.Component;

/**
 * Markdown of messages rendered on the server, safely: raw HTML in the text is escaped (shown, never run), only
 * {@code http}/{@code https} links and images keep their address, and links get {@code rel="noopener noreferrer"}.
 * The result is a {@link RenderedHtml}, the one type pages print with {@code th:utext}: the message text itself is
 * never handed to a template unescaped.
 */
@Component("chatMarkdown")
public class ChatMarkdown {

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new WebOnly())
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "noopener noreferrer");
                }
            })
            .build();

    public RenderedHtml html(String markdown) {
        return new RenderedHtml(markdown == null || markdown.isEmpty() ? "" : renderer.render(parser.parse(markdown)));
    }

    private static final class WebOnly implements UrlSanitizer {

        @Override
        public String sanitizeLinkUrl(String url) {
            var lower = url.strip().toLowerCase(Locale.ROOT);
            return lower.startsWith("http://") || lower.startsWith("https://") ? url.strip() : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return sanitizeLinkUrl(url);
        }
    }
}
