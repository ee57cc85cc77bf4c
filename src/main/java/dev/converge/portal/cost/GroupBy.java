package dev.converge.portal.cost;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * What costs are added up by, as {@code groupBy} of {@code GET /cost/summary} names it. RAG models are found by the
 * {@value dev.converge.portal.rag.RagModel#MODEL_LABEL} label the rag reconciler puts on its runtime pods.
 */
public enum GroupBy {
    TEAM("team", PodReading::team),
    NAMESPACE("namespace", PodReading::namespace),
    DEPLOYMENT("deployment", pod -> pod.namespace() + "/" + pod.deployment()),
    ZONE("zone", PodReading::zone),
    GPU_TYPE("gpuType", PodReading::gpuType),
    /** "namespace/model" of the RAG model a runtime pod serves; "" gathers every pod that serves none. */
    RAG_MODEL("ragModel", pod -> pod.ragModel().isEmpty() ? "" : pod.namespace() + "/" + pod.ragModel());

    private final String parameter;
    private final Function<PodReading, String> key;

    GroupBy(String parameter, Function<PodReading, String> key) {
        this.parameter = parameter;
        this.key = key;
    }

    public String parameter() {
        return parameter;
    }

    String keyOf(PodReading pod) {
        return key.apply(pod);
    }

    public static Optional<GroupBy> parse(String text) {
        return Arrays.stream(values()).filter(g -> g.parameter.equals(text)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(GroupBy::parameter).toList());
    }
}
