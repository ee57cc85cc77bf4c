package dev.converge.portal.rag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.converge.portal.rag.RagModelStatus.Condition;
import dev.converge.portal.rag.RagModelStatus.Phase;

/**
 * The one rule for a RagModel's status: from what the reconciler observed of its pods and its runtime to a phase and
 * the {@code Indexed} and {@code Available} conditions, each with a reason and a message in words.
 */
final class RagStatusRules {

    static final String INDEXED = "Indexed";
    static final String AVAILABLE = "Available";

    /** What the reconciler saw. {@code blocker}: a problem that stops the model from running at all. */
    record Observation(long generation, String endpoint, String baseModel, String blockerReason,
                       String blockerMessage, int desiredPods, int readyPods, String podProblem,
                       RagRuntime.Readiness readiness, String unreachableReason) {
    }

    private RagStatusRules() {
    }

    static RagModelStatus status(Observation seen, RagModelStatus previous, Instant now) {
        var status = new RagModelStatus();
        status.observedGeneration = seen.generation();
        status.endpoint = seen.endpoint();
        status.baseModel = seen.baseModel();
        var conditions = new ArrayList<Condition>();
        var readiness = seen.readiness();
        if (seen.blockerReason() != null) {
            status.phase = Phase.Failed;
            conditions.add(condition(INDEXED, false, seen.blockerReason(), seen.blockerMessage()));
            conditions.add(condition(AVAILABLE, false, seen.blockerReason(), seen.blockerMessage()));
        } else if (seen.podProblem() != null && seen.readyPods() == 0) {
            status.phase = Phase.Failed;
            conditions.add(condition(INDEXED, false, "RuntimeNotRunning", seen.podProblem()));
            conditions.add(condition(AVAILABLE, false, "RuntimeNotRunning", seen.podProblem()));
        } else if (readiness == null) {
            var waiting = seen.readyPods() == 0;
            status.phase = waiting ? Phase.Pending : Phase.Degraded;
            var message = waiting
                    ? "%d of %d runtime pods ready".formatted(seen.readyPods(), seen.desiredPods())
                    : "The runtime does not answer through the service proxy: " + seen.unreachableReason();
            var reason = waiting ? "RuntimeStarting" : "RuntimeUnreachable";
            conditions.add(condition(INDEXED, false, reason, message));
            conditions.add(condition(AVAILABLE, false, reason, message));
        } else {
            status.indexedDocuments = readiness.indexedDocuments();
            status.failedDocuments = readiness.failedDocuments();
            status.chunks = readiness.chunks();
            status.lastIndexedAt = readiness.lastIndexedAt();
            if (readiness.ready()) {
                status.phase = seen.readyPods() < seen.desiredPods() ? Phase.Degraded : Phase.Ready;
                conditions.add(readiness.failedDocuments() > 0
                        ? condition(INDEXED, true, "SomeDocumentsFailed", "%d documents indexed in %d chunks; %d could not be read (see the documents list)"
                                .formatted(readiness.indexedDocuments(), readiness.chunks(),
                                        readiness.failedDocuments()))
                        : condition(INDEXED, true, "Indexed", "%d documents indexed in %d chunks"
                                .formatted(readiness.indexedDocuments(), readiness.chunks())));
                conditions.add(seen.readyPods() < seen.desiredPods()
                        ? condition(AVAILABLE, true, "PartlyAvailable", "%d of %d runtime pods ready"
                                .formatted(seen.readyPods(), seen.desiredPods()))
                        : condition(AVAILABLE, true, "Available", "Answering at " + seen.endpoint()));
            } else {
                status.phase = Phase.Indexing;
                conditions.add(condition(INDEXED, false, "Indexing", "Indexing documents: %d done so far"
                        .formatted(readiness.indexedDocuments())));
                conditions.add(condition(AVAILABLE, false, "Indexing", "Answers once the documents are indexed"));
            }
        }
        status.conditions = keepTransitionTimes(conditions, previous, now);
        return status;
    }

    /** Whether two statuses say the same (transition times aside), so an unchanged status is not written. */
    static boolean same(RagModelStatus a, RagModelStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.phase == b.phase && Objects.equals(a.endpoint, b.endpoint)
                && Objects.equals(a.baseModel, b.baseModel)
                && Objects.equals(a.indexedDocuments, b.indexedDocuments)
                && Objects.equals(a.failedDocuments, b.failedDocuments) && Objects.equals(a.chunks, b.chunks)
                && Objects.equals(a.lastIndexedAt, b.lastIndexedAt)
                && Objects.equals(a.observedGeneration, b.observedGeneration)
                && conditionsText(a).equals(conditionsText(b));
    }

    private static List<String> conditionsText(RagModelStatus status) {
        return status.conditions == null ? List.of() : status.conditions.stream()
                .map(c -> c.type + c.status + c.reason + c.message).toList();
    }

    private static Condition condition(String type, boolean state, String reason, String message) {
        return new Condition(type, state, reason, message, null);
    }

    private static List<Condition> keepTransitionTimes(List<Condition> conditions, RagModelStatus previous,
                                                       Instant now) {
        for (var condition : conditions) {
            var before = previous == null || previous.conditions == null ? null : previous.conditions.stream()
                    .filter(c -> condition.type.equals(c.type)).findFirst().orElse(null);
            condition.lastTransitionTime = before != null && condition.status.equals(before.status)
                    && before.lastTransitionTime != null ? before.lastTransitionTime : now.toString();
        }
        return conditions;
    }
}
