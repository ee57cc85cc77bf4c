package dev.converge.portal.platform.openai;

import java.util.List;

/**
 * A whole answer: its text, the server's token counts, why it stopped ({@code stop}, {@code length}, …) and the
 * passages a retrieving server answered from (empty for plain OpenAI servers).
 */
public record OpenAiCompletion(String text, OpenAiUsage usage, String finishReason, List<OpenAiSource> sources) {

    public OpenAiCompletion(String text, OpenAiUsage usage, String finishReason) {
        this(text, usage, finishReason, List.of());
    }
}
