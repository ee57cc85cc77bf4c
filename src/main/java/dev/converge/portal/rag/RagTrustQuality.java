package dev.converge.portal.rag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.trust.QualityEvidence;
import dev.converge.portal.trust.QualityReport;
import dev.converge.portal.trust.TrustSubject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The quality signal of a RAG model: its indexing is complete (phase Ready) and no document failed. The counts come
 * from the RagModel's status in the cache; the failed documents are named from the runtime's documents list, asked
 * only when the status reports failures (and left unnamed, counted, while the runtime does not answer).
 */
@Component
class RagTrustQuality implements QualityEvidence {

    private static final Logger log = LoggerFactory.getLogger(RagTrustQuality.class);
    static final int NAMES_SHOWN = 5;

    private final KubernetesCaches caches;
    private final RagRuntime runtime;

    RagTrustQuality(KubernetesCaches caches, RagRuntime runtime) {
        this.caches = caches;
        this.runtime = runtime;
    }

    @Override
    public boolean covers(TrustSubject subject) {
        return TrustSubject.RAG.equals(subject.kind());
    }

    @Override
    public Optional<QualityReport> report(TrustSubject subject) {
        var model = caches.get(RagModel.class, subject.namespace(), subject.name()).orElse(null);
        if (model == null) {
            return Optional.empty();
        }
        var status = model.getStatus();
        var phase = status == null || status.phase == null ? RagModelStatus.Phase.Pending : status.phase;
        int indexed = status == null || status.indexedDocuments == null ? 0 : status.indexedDocuments;
        int failed = status == null || status.failedDocuments == null ? 0 : status.failedDocuments;
        var problems = new ArrayList<String>();
        if (phase == RagModelStatus.Phase.Pending || phase == RagModelStatus.Phase.Indexing
                || phase == RagModelStatus.Phase.Failed) {
            problems.add("indexing is not complete (phase " + phase + ")");
        }
        if (failed > 0) {
            problems.add(failed + (failed == 1 ? " document" : " documents") + " failed to index"
                    + failedNames(subject));
        }
        var lastIndexed = status == null || status.lastIndexedAt == null ? null : parse(status.lastIndexedAt);
        return Optional.of(new QualityReport("indexing of " + indexed + " documents (phase " + phase + ")",
                subject.path(), lastIndexed, Map.of(), problems));
    }

    private String failedNames(TrustSubject subject) {
        try {
            var names = runtime.documents(subject.namespace(), subject.name()).stream()
                    .filter(document -> document.error() != null).map(RagRuntime.IndexedDocument::name).toList();
            if (names.isEmpty()) {
                return "";
            }
            var shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
            return ": " + shown + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
        } catch (RuntimeException e) {
            // the runtime does not answer now: the count from the status stands, unnamed
            log.debug("Failed documents of {} not named: {}", subject.key(), e.toString());
            return "";
        }
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
