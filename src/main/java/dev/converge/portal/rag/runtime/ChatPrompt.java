package dev.converge.portal.rag.runtime;

import java.util.List;

/**
 * The prompt a RagModel sends its base model: the retrieved chunks, numbered with their sources, then the question.
 * The format is a contract: the sandbox's model servers answer extractively from it.
 */
public final class ChatPrompt {

    private ChatPrompt() {
    }

    public static String of(List<ScoredChunk> chunks, String question) {
        var prompt = new StringBuilder("Context:\n");
        for (int i = 0; i < chunks.size(); i++) {
            var chunk = chunks.get(i);
            prompt.append('[').append(i + 1).append("] (source: ").append(chunk.document()).append(")\n")
                    .append(chunk.text()).append("\n\n");
        }
        if (chunks.isEmpty()) {
            prompt.append('\n');
        }
        return prompt.append("Question: ").append(question).toString();
    }
}
