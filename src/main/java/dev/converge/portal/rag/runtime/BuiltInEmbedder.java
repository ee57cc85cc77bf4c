package dev.converge.portal.rag.runtime;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantised, 384 dimensions) run in process through ONNX Runtime; the model file is inside the
 * jar, nothing is downloaded. The model is loaded once per JVM and shared, so several runtimes in one process (the
 * sandbox) hold it once.
 */
public final class BuiltInEmbedder implements Embedder {

    public static final String MODEL = "all-minilm-l6-v2";

    private static final class Holder {
        static final AllMiniLmL6V2QuantizedEmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Override
    public String id() {
        return "builtin:all-minilm-l6-v2-q";
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        var segments = texts.stream().map(TextSegment::from).toList();
        return Holder.MODEL.embedAll(segments).content().stream().map(e -> e.vector()).toList();
    }

    /** Loads the model now rather than on the first document or query (it takes a second or two). */
    @Override
    public void warmUp() {
        Holder.MODEL.embed("warm up");
    }
}
