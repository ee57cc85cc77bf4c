package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.converge.portal.rag.RagModelStatus.Phase;
import org.junit.jupiter.api.Test;

class RagStatusRulesTests {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final String ENDPOINT = "http://rag-docs.vision.svc.cluster.local:8080";

    private static RagStatusRules.Observation seen(int ready, String podProblem, RagRuntime.Readiness readiness,
                                                   String unreachable) {
        return new RagStatusRules.Observation(2, ENDPOINT, "llama", null, null, 1, ready, podProblem, readiness,
                unreachable);
    }

    @Test
    void withoutReadyPodsTheModelIsPendingAndSaysHowManyPodsAreReady() {
        var status = RagStatusRules.status(seen(0, null, null, null), null, NOW);

        assertThat(status.phase).isEqualTo(Phase.Pending);
        assertThat(status.observedGeneration).isEqualTo(2);
        assertThat(status.conditions).extracting(c -> c.type + "/" + c.status + "/" + c.reason)
                .containsExactly("Indexed/False/RuntimeStarting", "Available/False/RuntimeStarting");
        assertThat(status.conditions.get(1).message).isEqualTo("0 of 1 runtime pods ready");
    }

    @Test
    void aReadyPodWhoseRuntimeDoesNotAnswerIsDegradedWithTheReason() {
        var status = RagStatusRules.status(seen(1, null, null, "HTTP 502"), null, NOW);

        assertThat(status.phase).isEqualTo(Phase.Degraded);
        assertThat(status.conditions.get(0).reason).isEqualTo("RuntimeUnreachable");
        assertThat(status.conditions.get(0).message).contains("service proxy", "HTTP 502");
    }

    @Test
    void indexingThenReadyWithCounts() {
        var indexing = RagStatusRules.status(seen(1, null,
                new RagRuntime.Readiness(false, "Indexing", 2, 0, 10, null), null), null, NOW);
        assertThat(indexing.phase).isEqualTo(Phase.Indexing);

        var later = NOW.plusSeconds(30);
        var ready = RagStatusRules.status(seen(1, null,
                new RagRuntime.Readiness(true, "Ready", 5, 0, 42, "2026-12-01T03:00:20Z"), null), indexing, later);
        assertThat(ready.phase).isEqualTo(Phase.Ready);
        assertThat(ready.indexedDocuments).isEqualTo(5);
        assertThat(ready.chunks).isEqualTo(42);
        assertThat(ready.lastIndexedAt).isEqualTo("2026-12-01T03:00:20Z");
        assertThat(ready.endpoint).isEqualTo(ENDPOINT);
        assertThat(ready.conditions).extracting(c -> c.type + "/" + c.status + "/" + c.reason)
                .containsExactly("Indexed/True/Indexed", "Available/True/Available");
        assertThat(ready.conditions.get(0).lastTransitionTime).isEqualTo(later.toString());
    }

    @Test
    void aDocumentThatFailedLeavesTheModelReadyAndIsNamedInTheCondition() {
        var status = RagStatusRules.status(seen(1, null,
                new RagRuntime.Readiness(true, "Ready", 4, 1, 20, null), null), null, NOW);

        assertThat(status.phase).isEqualTo(Phase.Ready);
        assertThat(status.conditions.get(0).reason).isEqualTo("SomeDocumentsFailed");
        assertThat(status.conditions.get(0).message).contains("1 could not be read");
    }

    @Test
    void aPodThatCannotRunFailsTheModel() {
        var status = RagStatusRules.status(seen(0, "Runtime pod rag-docs-1: ImagePullBackOff", null, null), null,
                NOW);

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(status.conditions.get(1).message).contains("ImagePullBackOff");
    }

    @Test
    void aMissingBaseModelFailsTheModelWithTheReason() {
        var status = RagStatusRules.status(new RagStatusRules.Observation(1, null, "gone", "BaseModelNotFound",
                "The base model deployment gone does not exist in vision", 0, 0, null, null, null), null, NOW);

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(status.conditions.get(0).reason).isEqualTo("BaseModelNotFound");
    }

    @Test
    void anUnchangedStatusKeepsItsTransitionTimesAndCountsAsTheSame() {
        var first = RagStatusRules.status(seen(0, null, null, null), null, NOW);
        var again = RagStatusRules.status(seen(0, null, null, null), first, NOW.plusSeconds(60));

        assertThat(again.conditions.get(0).lastTransitionTime).isEqualTo(NOW.toString());
        assertThat(RagStatusRules.same(first, again)).isTrue();
        assertThat(RagStatusRules.same(first, RagStatusRules.status(seen(1, null, null, "x"), first, NOW))).isFalse();
    }
}
