package dev.converge.portal.rag.runtime;

import java.util.List;

/** Turns texts into vectors. Implementations are thread-safe; the runtime normalises what they return. */
public interface Embedder {

    /**
     * Names the model and its settings: part of the snapshot key, so vectors of another model are never reused.
     */
    String id();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    /** Loads what the first call would load (a model), so that the first query is not the slow one. */
    default void warmUp() {
    }

    /** Scales a vector to length 1, so that a dot product is the cosine similarity. */
    static float[] normalised(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        var norm = (float) Math.sqrt(sum);
        var result = new float[vector.length];
        if (norm == 0) {
            return result;
        }
        for (int i = 0; i < vector.length; i++) {
            result[i] = vector[i] / norm;
        }
        return result;
    }
}
