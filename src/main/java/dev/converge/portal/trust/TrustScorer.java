package dev.converge.portal.trust;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Computes a subject's scorecard from its evidence: the checks decide, this puts their decisions in words (English,
 * as the live stream renders once for everyone) and counts the score over the signals the team's policy requires.
 */
@Component
public class TrustScorer {

    private static final Logger log = LoggerFactory.getLogger(TrustScorer.class);

    private final ObjectProvider<Builds> builds;
    private final ObjectProvider<Artifacts> artifacts;
    private final ObjectProvider<QualityEvidence> quality;
    private final ObjectProvider<CostEvidence> cost;
    private final TeamDirectory teams;
    private final TrustSettings settings;
    private final MessageSource messages;
    private final Clock clock;
    /** Recorded sums by artifact key: an artifact's content never changes under its key (uploads refuse that). */
    private final Map<String, String> recordedSums = new ConcurrentHashMap<>();

    TrustScorer(ObjectProvider<Builds> builds, ObjectProvider<Artifacts> artifacts,
                ObjectProvider<QualityEvidence> quality, ObjectProvider<CostEvidence> cost, TeamDirectory teams,
                TrustSettings settings, MessageSource messages, Clock clock) {
        this.builds = builds;
        this.artifacts = artifacts;
        this.quality = quality;
        this.cost = cost;
        this.teams = teams;
        this.settings = settings;
        this.messages = messages;
        this.clock = clock;
    }

    public Scorecard score(TrustSubject subject) {
        var team = teams.teamOf(subject.namespace());
        var policy = settings.policyFor(team);
        var qualityReport = quality.orderedStream().filter(source -> source.covers(subject)).findFirst()
                .map(source -> ask(() -> source.report(subject), "quality", subject)).orElse(null);
        var provenance = ProvenanceCheck.check(subject, provenanceFacts(subject));
        var verdicts = new EnumMap<Signal, Verdict>(Signal.class);
        verdicts.put(Signal.PROVENANCE, provenance.verdict());
        verdicts.put(Signal.AVAILABILITY, AvailabilityCheck.check(subject, clock.instant(), settings.restartWindow()));
        verdicts.put(Signal.QUALITY, QualityCheck.check(subject, policy, qualityReport));
        verdicts.put(Signal.SAFETY, SafetyCheck.check(subject));
        verdicts.put(Signal.COST, CostCheck.check(subject, cost.orderedStream().filter(source ->
                source.covers(subject)).findFirst().map(source -> ask(() -> source.report(subject), "cost", subject))
                .orElse(null)));
        var chain = new ArrayList<>(provenance.chain());
        if (qualityReport != null) {
            qualityReport.ifPresent(run -> chain.add(new ChainLink("mlflow", run.source(), true, run.link())));
        }
        return scorecard(subject, team, policy, verdicts, chain);
    }

    Scorecard scorecard(TrustSubject subject, String team, TrustPolicy policy, Map<Signal, Verdict> verdicts,
                        List<ChainLink> chain) {
        var results = new ArrayList<SignalResult>();
        int passed = 0;
        int applicable = 0;
        for (var signal : Signal.values()) {
            var verdict = policy.requires(signal) ? verdicts.get(signal)
                    : Verdict.notApplicable("trust.na.notRequired", team == null ? "-" : team);
            if (verdict.status() != SignalStatus.NA) {
                applicable++;
                passed += verdict.status() == SignalStatus.PASS ? 1 : 0;
            }
            results.add(new SignalResult(signal.id(), verdict.status().id(), words(verdict.reason()), verdict.fix(),
                    verdict.evidence().stream().map(this::words).toList()));
        }
        Double score = applicable == 0 ? null : (double) passed / applicable;
        return new Scorecard(subject.namespace(), subject.name(), subject.kind(), team, score, policy.minimum(),
                passed, applicable, results, chain, clock.instant());
    }

    private ProvenanceCheck.Facts provenanceFacts(TrustSubject subject) {
        if (subject.image() == null) {
            return new ProvenanceCheck.Facts(null, null, null);
        }
        var builder = builds.getIfAvailable();
        Build build = builder == null ? null : builder.builtImage(subject.namespace(), subject.image()).orElse(null);
        String recorded = build == null || build.artifact() == null ? null : recordedSum(build.artifact());
        return new ProvenanceCheck.Facts(subject.image(), build, recorded);
    }

    private String recordedSum(String key) {
        var known = recordedSums.get(key);
        if (known != null) {
            return known;
        }
        var store = artifacts.getIfAvailable();
        try {
            var sum = store == null ? Optional.<String>empty() : store.recordedSha256(key);
            sum.ifPresent(value -> recordedSums.put(key, value));
            return sum.orElse(null);
        } catch (RuntimeException e) {
            // object storage down: the chain cannot be checked now, and says so; the next recomputation tries again
            log.debug("Recorded checksum of {} not readable: {}", key, e.toString());
            return null;
        }
    }

    /**
     * An evidence source that fails (MLflow down, say) leaves its signal without evidence, shown as not applicable
     * (no linked run), rather than the whole scorecard uncomputed; the next recomputation asks again.
     */
    private static <T> Optional<T> ask(java.util.function.Supplier<Optional<T>> source, String signal,
                                       TrustSubject subject) {
        try {
            return source.get();
        } catch (RuntimeException e) {
            log.info("Trust {} evidence of {} not available now: {}", signal, subject.key(), e.toString());
            return Optional.empty();
        }
    }

    private String words(Verdict.Line line) {
        return messages.getMessage(line.code(), line.args(), line.code(), Locale.ENGLISH);
    }
}
