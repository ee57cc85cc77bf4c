package dev.converge.portal.platform.openai;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A passage a retrieving server (a Converge RAG runtime) answered from: its document, the chunk's index and how well
 * it matched. Sent as the extension {@code converge_sources} in the last stream chunk or the whole response; plain
 * OpenAI servers send none.
 */
public record OpenAiSource(String document, Integer chunk, double score) {

    static final String FIELD = "converge_sources";

    /** The sources of a chunk or response: empty when it has none; entries without a document name are skipped. */
    static List<OpenAiSource> of(JsonNode node) {
        var array = node.path(FIELD);
        if (!array.isArray()) {
            return List.of();
        }
        var sources = new ArrayList<OpenAiSource>();
        for (var item : array) {
            var document = item.path("document");
            if (document.isString() && !document.asString().isBlank()) {
                sources.add(new OpenAiSource(document.asString(),
                        item.path("chunk").isIntegralNumber() ? item.path("chunk").asInt() : null,
                        item.path("score").isNumber() ? item.path("score").asDouble() : 0));
            }
        }
        return List.copyOf(sources);
    }
}
