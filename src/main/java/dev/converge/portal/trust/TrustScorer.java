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
import dev.converge.portal.builds.BuildStatus;
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
    private final ObjectProvider<ProvenanceRecords> provenanceRecords;
    private final TeamDirectory teams;
    private final TrustSettings settings;
    private final MessageSource messages;
    private final Clock clock;
    /** Recorded sums by artifact key: an artifact's content never changes under its key (uploads refuse that). */
    private final Map<String, String> recordedSums = new ConcurrentHashMap<>();
    /** Chains read back from the database by namespace/image: stored once and never changed, so kept once read. */
    private final Map<String, ProvenanceRecords.Chain> storedChains = new ConcurrentHashMap<>();
    /** The namespace/image keys whose chain this node has stored: not written again at every recomputation. */
    private final java.util.Set<String> storedKeys = ConcurrentHashMap.newKeySet();

    TrustScorer(ObjectProvider<Builds> builds, ObjectProvider<Artifacts> artifacts,
                ObjectProvider<QualityEvidence> quality, ObjectProvider<CostEvidence> cost,
                ObjectProvider<ProvenanceRecords> provenanceRecords, TeamDirectory teams, TrustSettings settings,
                MessageSource messages, Clock clock) {
        this.builds = builds;
        this.artifacts = artifacts;
        this.quality = quality;
        this.cost = cost;
        this.provenanceRecords = provenanceRecords;
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
        if (qualityReport != null && TrustSubject.DEPLOYMENT.equals(subject.kind())) {
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
        if (build == null) {
            return storedChain(subject).map(chain -> new ProvenanceCheck.Facts(subject.image(), buildOf(chain),
                    chain.artifactSha256(), chain.establishedAt())).orElseGet(() ->
                    new ProvenanceCheck.Facts(subject.image(), null, null));
        }
        String recorded = build.artifact() == null ? null : recordedSum(build.artifact());
        if (verified(subject.image(), build, recorded)) {
            store(subject, build, recorded);
        }
        return new ProvenanceCheck.Facts(subject.image(), build, recorded);
    }

    private static boolean verified(String image, Build build, String recorded) {
        return image.contains("@sha256:") && build.status() == BuildStatus.SUCCEEDED && build.artifact() != null
                && build.sha256() != null && build.sha256().equals(recorded);
    }

    /** The first time a chain holds, it is stored: build retention may delete the build pod afterwards. */
    private void store(TrustSubject subject, Build build, String recorded) {
        var records = provenanceRecords.getIfAvailable();
        var key = subject.namespace() + "/" + subject.image();
        if (records == null || storedKeys.contains(key)) {
            return;
        }
        var chain = new ProvenanceRecords.Chain(subject.namespace(), subject.image(), build.artifact(), recorded,
                build.name(), build.sha256(), subject.kind(), subject.name(), clock.instant());
        try {
            records.store(chain);
            storedKeys.add(key);
        } catch (RuntimeException e) {
            // the database is down: tried again at the next recomputation, while the build pod still tells
            log.info("Provenance chain of {} not stored now: {}", subject.key(), e.toString());
        }
    }

    private Optional<ProvenanceRecords.Chain> storedChain(TrustSubject subject) {
        var key = subject.namespace() + "/" + subject.image();
        var known = storedChains.get(key);
        var records = provenanceRecords.getIfAvailable();
        if (known != null || records == null || !subject.image().contains("@sha256:")) {
            return Optional.ofNullable(known);
        }
        try {
            var found = records.find(subject.namespace(), subject.image());
            found.ifPresent(chain -> storedChains.put(key, chain));
            return found;
        } catch (RuntimeException e) {
            log.info("Provenance chain of {} not readable now: {}", subject.key(), e.toString());
            return Optional.empty();
        }
    }

    /** The build as the stored chain remembers it: Succeeded, with the checksum it verified. */
    private static Build buildOf(ProvenanceRecords.Chain chain) {
        return new Build(chain.namespace(), chain.buildName(), BuildStatus.SUCCEEDED, chain.artifactKey(),
                chain.buildSha256(), null, null, null, null, null, null, null, null, null, null, chain.image(), null,
                null);
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
