package dev.converge.portal.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.platform.openai.OpenAiMessage;

/**
 * The conversation sent to a model, trimmed to {@code portal.chat.context-tokens}: the system prompt always, then
 * the most recent turns that fit, oldest dropped first; the newest message always goes, even alone over the budget.
 * Tokens are estimated one documented way, without a tokenizer: a message costs {@code ceil(characters / 4) + 4}
 * (about four characters of English per token, plus the role and separators a chat template adds).
 */
final class ContextWindow {

    private ContextWindow() {
    }

    static int estimate(String text) {
        return (text.length() + 3) / 4 + 4;
    }

    /**
     * @param history the session's messages oldest first, the newest user message last; streaming placeholders and
     *                empty answers are left out
     */
    static List<OpenAiMessage> fit(String system, List<ChatMessage> history, int budget) {
        var kept = new ArrayDeque<OpenAiMessage>();
        var used = system == null || system.isBlank() ? 0 : estimate(system);
        var usable = history.stream().filter(m -> !m.streaming() && !m.content().isEmpty()).toList();
        for (int i = usable.size() - 1; i >= 0; i--) {
            var message = usable.get(i);
            var cost = estimate(message.content());
            if (!kept.isEmpty() && used + cost > budget) {
                break;
            }
            used += cost;
            kept.addFirst(message.fromUser() ? OpenAiMessage.user(message.content())
                    : OpenAiMessage.assistant(message.content()));
        }
        var messages = new ArrayList<OpenAiMessage>();
        if (system != null && !system.isBlank()) {
            messages.add(OpenAiMessage.system(system));
        }
        messages.addAll(kept);
        return messages;
    }
}
