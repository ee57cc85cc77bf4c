package dev.converge.portal.rag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runtime's answers as a test sets them (the real runtime is another helper's, reached through the proxy). */
class StubRagRuntime implements RagRuntime {

    final Map<String, Readiness> readiness = new ConcurrentHashMap<>();
    final Map<String, List<IndexedDocument>> documents = new ConcurrentHashMap<>();
    final Map<String, List<RetrievedChunk>> chunks = new ConcurrentHashMap<>();
    final Map<String, Integer> reindexed = new ConcurrentHashMap<>();

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static <T> T answer(Map<String, T> answers, String namespace, String name) {
        var answer = answers.get(key(namespace, name));
        if (answer == null) {
            throw new RuntimeUnreachable(namespace, name, "HTTP 503 from the service proxy (stub: no runtime)");
        }
        return answer;
    }

    @Override
    public Readiness readiness(String namespace, String ragModel) {
        return answer(readiness, namespace, ragModel);
    }

    @Override
    public List<IndexedDocument> documents(String namespace, String ragModel) {
        return answer(documents, namespace, ragModel);
    }

    @Override
    public List<RetrievedChunk> retrieve(String namespace, String ragModel, String query, Integer topK) {
        var all = answer(chunks, namespace, ragModel);
        return all.subList(0, Math.min(all.size(), topK == null ? 4 : topK));
    }

    @Override
    public void reindex(String namespace, String ragModel) {
        reindexed.merge(key(namespace, ragModel), 1, Integer::sum);
    }
}
