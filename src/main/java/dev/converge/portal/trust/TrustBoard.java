package dev.converge.portal.trust;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * The current scorecard of every subject, kept up to date: an input changed ({@link #recompute}: informer events of
 * deployments, pods, builds and RagModels; {@link #recomputeNamespace}: a budget set) → the subject is scored again on
 * one worker thread (a burst of changes to one subject is scored once) → a changed card is published on topic
 * {@code trust} (its grid card, its detail, the namespace's summary and alerts) and its score change recorded. Every
 * card is also rescored periodically, since a restart ages out of the window without any event and MLflow tells no
 * one of a new run or metric.
 */
@Service
public class TrustBoard implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrustBoard.class);
    static final String TEMPLATE = "trust/live";

    private final ObjectProvider<TrustSubjects> sources;
    private final TrustScorer scorer;
    private final TrustHistory history;
    private final TeamDirectory teams;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final LiveScheduler scheduler;
    private final TrustSettings settings;
    private final Map<String, Scorecard> cards = new ConcurrentHashMap<>();
    private final Map<String, LocalDate> snapshotDays = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "trust-recompute");
        thread.setDaemon(true);
        return thread;
    });

    TrustBoard(ObjectProvider<TrustSubjects> sources, TrustScorer scorer, TrustHistory history, TeamDirectory teams,
               LiveEventPublisher events, LiveFragments fragments, LiveScheduler scheduler, TrustSettings settings) {
        this.sources = sources;
        this.scorer = scorer;
        this.history = history;
        this.teams = teams;
        this.events = events;
        this.fragments = fragments;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.every(settings.recomputeInterval(), this::recomputeAll);
    }

    /** Scores every subject named so in the namespace (of every kind) again, soon, off the caller's thread. */
    public void recompute(String namespace, String name) {
        sources.orderedStream().forEach(source -> submit(source.kind(), namespace, name));
    }

    /** Scores one subject of one kind again, soon (e.g. the RAG feature for a RagModel). */
    public void recompute(String kind, String namespace, String name) {
        submit(kind, namespace, name);
    }

    /** Scores every subject of the namespace again, soon: a team budget or policy input changed. */
    public void recomputeNamespace(String namespace) {
        worker.execute(() -> sources.orderedStream().forEach(source -> {
            try {
                source.in(namespace).forEach(subject -> submit(subject.kind(), namespace, subject.name()));
            } catch (RuntimeException e) {
                // one kind's cache not readable now (never listed): the other kinds are still rescored
                log.warn("Trust subjects of kind {} in {} not listed: {}", source.kind(), namespace, e.toString());
            }
        }));
    }

    /** Every namespace, and drops the cards of subjects that are gone. */
    public void recomputeAll() {
        teams.allNamespaces().forEach(this::recomputeNamespace);
        worker.execute(() -> cards.values().forEach(card -> submit(card.kind(), card.namespace(), card.name())));
    }

    private void submit(String kind, String namespace, String name) {
        var key = kind + "/" + namespace + "/" + name;
        if (pending.add(key)) {
            worker.execute(() -> {
                pending.remove(key);
                try {
                    recomputeNow(kind, namespace, name);
                } catch (RuntimeException e) {
                    log.warn("Trust scorecard of {} not computed: {}", key, e.toString());
                }
            });
        }
    }

    /** Scores the subject now on the caller's thread; empty (and its card dropped) when it is gone. */
    Optional<Scorecard> recomputeNow(String kind, String namespace, String name) {
        var source = sources.orderedStream().filter(s -> s.kind().equals(kind)).findFirst();
        var subject = source.flatMap(s -> s.find(namespace, name));
        var key = kind + "/" + namespace + "/" + name;
        if (subject.isEmpty()) {
            var gone = cards.remove(key);
            if (gone != null) {
                publish(gone, true);
                publishNamespace(namespace);
            }
            return Optional.empty();
        }
        var card = scorer.score(subject.get());
        apply(card);
        return Optional.of(card);
    }

    void apply(Scorecard card) {
        var previous = cards.put(card.key(), card);
        if (card.sameAs(previous)) {
            return;
        }
        record(previous, card);
        publish(card, false);
        if (previous == null || previous.belowMinimum() != card.belowMinimum()
                || !Objects.equals(previous.score(), card.score())) {
            publishNamespace(card.namespace());
        }
    }

    private void record(Scorecard previous, Scorecard card) {
        try {
            var today = LocalDate.ofInstant(card.computedAt(), ZoneOffset.UTC);
            boolean scoreChanged = previous == null || !Objects.equals(previous.score(), card.score());
            if (scoreChanged) {
                history.recordChange(card);
            }
            if (scoreChanged || !today.equals(snapshotDays.get(card.key()))) {
                history.snapshot(card);
                snapshotDays.put(card.key(), today);
            }
            if (card.belowMinimum() && (previous == null || !previous.belowMinimum())) {
                log.warn("Trust score of {} {}/{} fell to {} below its team's minimum {} (failing: {})", card.kind(),
                        card.namespace(), card.name(), card.score(), card.minimum(), card.failing());
            }
        } catch (RuntimeException e) {
            log.warn("Trust score of {} not recorded: {}", card.key(), e.toString());
        }
    }

    private void publish(Scorecard card, boolean gone) {
        var variables = Map.<String, Object>of("card", card, "gone", gone);
        events.publish(LiveEvent.inNamespace(LiveTopic.TRUST, card.namespace(), card.eventName(),
                fragments.render(TEMPLATE, "trust-card", variables), card.data()));
        events.publish(LiveEvent.inNamespace(LiveTopic.TRUST, card.namespace(), card.detailEventName(),
                fragments.render(TEMPLATE, "trust-detail", variables), card.data()));
    }

    private void publishNamespace(String namespace) {
        var summary = summaryOf(namespace);
        events.publish(LiveEvent.inNamespace(LiveTopic.TRUST, namespace, summary.eventName(),
                fragments.render(TEMPLATE, "trust-summary", Map.of("summary", summary)), summary.data()));
        events.publish(LiveEvent.inNamespace(LiveTopic.TRUST, namespace, summary.alertEventName(),
                fragments.render(TEMPLATE, "trust-alerts", Map.of("summary", summary)), summary.data()));
    }

    public TrustSummary summaryOf(String namespace) {
        long total = 0;
        long full = 0;
        var below = new java.util.ArrayList<Scorecard>();
        for (var card : cards.values()) {
            if (card.namespace().equals(namespace)) {
                total++;
                full += card.full() ? 1 : 0;
                if (card.belowMinimum()) {
                    below.add(card);
                }
            }
        }
        below.sort(TrustViews.WORST_FIRST);
        return new TrustSummary(namespace, total, full, below.size(), below.stream()
                .limit(TrustSummary.ALERTS_SHOWN).map(Scorecard::summary).toList());
    }

    Collection<Scorecard> all() {
        return cards.values();
    }

    Optional<Scorecard> card(String kind, String namespace, String name) {
        return Optional.ofNullable(cards.get(kind + "/" + namespace + "/" + name));
    }

    List<ScorePoint> history(Scorecard card) {
        try {
            return history.changes(card.kind(), card.namespace(), card.name(), settings.historyShown());
        } catch (RuntimeException e) {
            log.warn("Trust history of {} not read: {}", card.key(), e.toString());
            return List.of();
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
