package dev.converge.portal.sandbox.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The context passage convention of RAG prompts (docs/sandbox.md): a message holding
 * <pre>
 * Context:
 * [1] (source: handbook.md)
 * passage text
 *
 * [2] (source: faq.md)
 * passage text
 *
 * Question: the question
 * </pre>
 * Without a {@code Question:} line the question is the last user message.
 */
record ContextPrompt(List<Passage> passages, String question) {

    private static final Pattern CONTEXT = Pattern.compile("(?m)^\\s*Context:\\s*$");
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[(\\d+)]\\s*\\(source:\\s*(.*?)\\)\\s*$");
    private static final Pattern QUESTION = Pattern.compile("^\\s*Question:\\s*(.*)$");

    /** One numbered passage and the document it came from. */
    record Passage(int number, String source, String text) {
    }

    /** The context of the last message that carries one, with its passages; empty when no message does. */
    static Optional<ContextPrompt> parse(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            var content = messages.get(i).content();
            var start = CONTEXT.matcher(content);
            if (start.find()) {
                var parsed = passages(content.substring(start.end()));
                if (!parsed.passages().isEmpty()) {
                    return Optional.of(parsed.question().isBlank()
                            ? new ContextPrompt(parsed.passages(), lastUserQuestion(messages, i)) : parsed);
                }
            }
        }
        return Optional.empty();
    }

    private static ContextPrompt passages(String body) {
        var passages = new ArrayList<Passage>();
        var question = new StringBuilder();
        Integer number = null;
        String source = null;
        var text = new StringBuilder();
        boolean inQuestion = false;
        for (var line : body.split("\\R", -1)) {
            var header = HEADER.matcher(line);
            var asked = QUESTION.matcher(line);
            if (!inQuestion && header.matches()) {
                add(passages, number, source, text);
                number = Integer.valueOf(header.group(1));
                source = header.group(2).strip();
                text.setLength(0);
            } else if (!inQuestion && asked.matches()) {
                add(passages, number, source, text);
                number = null;
                inQuestion = true;
                question.append(asked.group(1));
            } else if (inQuestion) {
                question.append('\n').append(line);
            } else if (number != null) {
                text.append(line).append('\n');
            }
        }
        add(passages, number, source, text);
        return new ContextPrompt(List.copyOf(passages), question.toString().strip());
    }

    private static void add(List<Passage> passages, Integer number, String source, StringBuilder text) {
        if (number != null && !text.toString().isBlank()) {
            passages.add(new Passage(number, source, text.toString().strip()));
        }
    }

    /** The last user message other than the one carrying the context (the question asked beside it). */
    private static String lastUserQuestion(List<ChatMessage> messages, int contextIndex) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (i != contextIndex && "user".equals(messages.get(i).role()) && !messages.get(i).content().isBlank()) {
                return messages.get(i).content().strip();
            }
        }
        return "";
    }
}
