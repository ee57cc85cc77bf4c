package dev.converge.portal.rag.runtime;

/**
 * How a RagModel cuts and ranks its documents: the RagModel's {@code spec.retrieval}, with the CRD's ranges.
 *
 * @param topK           chunks returned by default (1–50)
 * @param chunkSize      the largest chunk in characters (200–8000)
 * @param chunkOverlap   characters a chunk repeats of the previous one (0 to below chunkSize)
 * @param scoreThreshold cosine similarity below which a chunk is not returned (0–1)
 */
public record RetrievalSettings(int topK, int chunkSize, int chunkOverlap, double scoreThreshold) {

    public static final int MAX_TOP_K = 50;
    public static final RetrievalSettings DEFAULTS = new RetrievalSettings(4, 1000, 100, 0);

    public RetrievalSettings {
        require(topK >= 1 && topK <= MAX_TOP_K, "topK must be between 1 and " + MAX_TOP_K + ", was " + topK);
        require(chunkSize >= 200 && chunkSize <= 8000, "chunkSize must be between 200 and 8000, was " + chunkSize);
        require(chunkOverlap >= 0 && chunkOverlap < chunkSize,
                "chunkOverlap must be at least 0 and below chunkSize, was " + chunkOverlap);
        require(scoreThreshold >= 0 && scoreThreshold <= 1,
                "scoreThreshold must be between 0 and 1, was " + scoreThreshold);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
