package dev.converge.portal.rag.runtime;

import java.util.List;

/** A document's chunks and their normalised vectors: what is indexed and what a snapshot holds. */
public record EmbeddedDocument(String sha256, List<String> chunks, List<float[]> vectors) {

    public EmbeddedDocument {
        chunks = List.copyOf(chunks);
        vectors = List.copyOf(vectors);
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
    }
}
