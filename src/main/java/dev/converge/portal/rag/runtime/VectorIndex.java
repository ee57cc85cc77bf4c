package dev.converge.portal.rag.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every chunk's normalised vector in one flat array, searched brute force: a dot product per chunk is the cosine
 * similarity. Immutable; a re-index builds a new one and swaps it in, so searches never wait for indexing.
 */
public final class VectorIndex {

    public static final VectorIndex EMPTY = new VectorIndex(new String[0], new int[0], new String[0], new float[0], 0);

    private final String[] documents;
    private final int[] positions;
    private final String[] texts;
    private final float[] vectors;
    private final int dimensions;

    private VectorIndex(String[] documents, int[] positions, String[] texts, float[] vectors, int dimensions) {
        this.documents = documents;
        this.positions = positions;
        this.texts = texts;
        this.vectors = vectors;
        this.dimensions = dimensions;
    }

    /** The index of these documents, by name; all vectors must have one length. */
    public static VectorIndex of(Map<String, EmbeddedDocument> byName) {
        int count = byName.values().stream().mapToInt(d -> d.chunks().size()).sum();
        if (count == 0) {
            return EMPTY;
        }
        int dimensions = byName.values().stream().filter(d -> !d.vectors().isEmpty())
                .findFirst().orElseThrow().vectors().get(0).length;
        var documents = new String[count];
        var positions = new int[count];
        var texts = new String[count];
        var vectors = new float[count * dimensions];
        int row = 0;
        for (var entry : byName.entrySet()) {
            var document = entry.getValue();
            for (int i = 0; i < document.chunks().size(); i++) {
                var vector = document.vectors().get(i);
                if (vector.length != dimensions) {
                    throw new IllegalArgumentException("Document " + entry.getKey() + " has vectors of "
                            + vector.length + " dimensions, others " + dimensions);
                }
                documents[row] = entry.getKey();
                positions[row] = i;
                texts[row] = document.chunks().get(i);
                System.arraycopy(vector, 0, vectors, row * dimensions, dimensions);
                row++;
            }
        }
        return new VectorIndex(documents, positions, texts, vectors, dimensions);
    }

    public int size() {
        return texts.length;
    }

    /** The {@code topK} chunks most similar to {@code query} (normalised), best first, none below the threshold. */
    public List<ScoredChunk> search(float[] query, int topK, double threshold) {
        if (size() == 0 || topK < 1) {
            return List.of();
        }
        if (query.length != dimensions) {
            throw new IllegalArgumentException("The query has " + query.length + " dimensions, the index "
                    + dimensions);
        }
        // the k best so far, best first, in two primitive arrays: no boxing and no allocation per candidate; a
        // chunk that does not beat the k-th best (nearly all of them) costs one comparison after its dot product
        int k = Math.min(topK, texts.length);
        var bestRows = new int[k];
        var bestScores = new float[k];
        int found = 0;
        for (int row = 0, offset = 0; row < texts.length; row++, offset += dimensions) {
            float score = dot(query, offset);
            if (score < threshold || (found == k && score <= bestScores[k - 1])) {
                continue;
            }
            int at = found < k ? found++ : k - 1;
            while (at > 0 && bestScores[at - 1] < score) {
                bestScores[at] = bestScores[at - 1];
                bestRows[at] = bestRows[at - 1];
                at--;
            }
            bestScores[at] = score;
            bestRows[at] = row;
        }
        var result = new ArrayList<ScoredChunk>(found);
        for (int i = 0; i < found; i++) {
            int row = bestRows[i];
            result.add(new ScoredChunk(documents[row], positions[row], texts[row],
                    Math.round(bestScores[i] * 10_000) / 10_000.0));
        }
        return result;
    }

    /** Four independent sums: the JIT does not reorder a float reduction, so one sum would serialise on it. */
    private float dot(float[] query, int offset) {
        float a = 0;
        float b = 0;
        float c = 0;
        float d = 0;
        int i = 0;
        for (; i + 3 < dimensions; i += 4) {
            a += query[i] * vectors[offset + i];
            b += query[i + 1] * vectors[offset + i + 1];
            c += query[i + 2] * vectors[offset + i + 2];
            d += query[i + 3] * vectors[offset + i + 3];
        }
        for (; i < dimensions; i++) {
            a += query[i] * vectors[offset + i];
        }
        return (a + b) + (c + d);
    }
}
