package dev.converge.portal.rag.runtime;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A fast, deterministic stand-in for an embedding model: words hashed into 64 buckets. Counts what it embeds. */
final class WordHashEmbedder implements Embedder {

    final AtomicInteger embedded = new AtomicInteger();

    @Override
    public String id() {
        return "test:word-hash-64";
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        embedded.addAndGet(texts.size());
        return texts.stream().map(WordHashEmbedder::vector).toList();
    }

    static float[] vector(String text) {
        var vector = new float[64];
        for (var word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.length() > 2) {
                vector[Math.floorMod(word.hashCode(), 64)] += 1;
            }
        }
        return vector;
    }
}
