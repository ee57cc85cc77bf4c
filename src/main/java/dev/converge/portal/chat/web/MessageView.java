package dev.converge.portal.chat.web;

import dev.converge.portal.chat.ChatMessage;
import dev.converge.portal.shared.web.RenderedHtml;

/**
 * A message as the page shows it: the stored message, its Markdown rendered safely on the server (the template
 * prints {@code rendered.html} with {@code th:utext}; everything else of the message with {@code th:text}), and
 * whether it is the last.
 */
public record MessageView(ChatMessage message, RenderedHtml rendered, boolean last) {
}
