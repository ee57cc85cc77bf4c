package dev.converge.portal.trust;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.InvalidInput;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import org.springframework.stereotype.Service;

/** What users see of the scorecards: the grid and a detail, of their teams' namespaces only, from memory. */
@Service
public class TrustViews {

    /** Lowest score first (no score last), then namespace and name: what needs attention comes first. */
    static final Comparator<Scorecard> WORST_FIRST = Comparator
            .comparing((Scorecard card) -> card.score() == null ? 2.0 : card.score())
            .thenComparing(Scorecard::namespace).thenComparing(Scorecard::name).thenComparing(Scorecard::kind);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private final TrustBoard board;
    private final TeamDirectory teams;

    TrustViews(TrustBoard board, TeamDirectory teams) {
        this.board = board;
        this.teams = teams;
    }

    public PageView<Scorecard> list(TrustFilter filter, PageParams page, CurrentUser user) {
        var failing = TrustFilter.given(filter.failing()) ? Signal.parse(filter.failing())
                .orElseThrow(() -> invalid("failing", "trust.error.filter.failing")).id() : null;
        if (TrustFilter.given(filter.score()) && !TrustFilter.SCORES.contains(filter.score())) {
            throw invalid("score", "trust.error.filter.score");
        }
        var matching = board.all().stream()
                .filter(card -> user.canRead(card.namespace()))
                .filter(card -> !TrustFilter.given(filter.namespace()) || card.namespace().equals(filter.namespace()))
                .filter(card -> !TrustFilter.given(filter.team()) || filter.team().equals(card.team()))
                .filter(card -> !TrustFilter.given(filter.score()) || scoreMatches(card, filter.score()))
                .filter(card -> failing == null || card.fails(failing))
                .sorted(WORST_FIRST)
                .toList();
        var items = matching.stream().skip(page.offset()).limit(page.size()).map(Scorecard::summary).toList();
        return PageView.of(items, page, matching.size());
    }

    /** The scorecard with evidence and history; another team's is not found, exactly like a missing one. */
    public TrustDetail get(String namespace, String name, CurrentUser user) {
        return get(namespace, name, null, user);
    }

    /**
     * As {@link #get(String, String, CurrentUser)}, of one kind ({@code deployment} or {@code rag}); without a kind
     * the deployment of that name, else the RAG model (a RAG model named like a deployment is reached with its kind).
     */
    public TrustDetail get(String namespace, String name, String kind, CurrentUser user) {
        if (kind != null && !kind.equals(TrustSubject.DEPLOYMENT) && !kind.equals(TrustSubject.RAG)) {
            throw invalid("kind", "trust.error.kind");
        }
        if (!NAME.matcher(namespace).matches() || !NAME.matcher(name).matches() || !user.canRead(namespace)) {
            throw TrustNotFound.named(namespace, name);
        }
        var card = (kind != null ? board.card(kind, namespace, name) : board.card(TrustSubject.DEPLOYMENT, namespace,
                name).or(() -> board.card(TrustSubject.RAG, namespace, name)))
                .orElseThrow(() -> TrustNotFound.named(namespace, name));
        return new TrustDetail(card, board.history(card));
    }

    /** The summaries of the user's namespaces, for the home page and the layout's alerts. */
    public List<TrustSummary> summaries(CurrentUser user) {
        return user.namespaces().stream().map(board::summaryOf).toList();
    }

    public TrustSummary summaryOf(String namespace) {
        return board.summaryOf(namespace);
    }

    /** The teams the user may filter by. */
    public List<String> teamsOf(CurrentUser user) {
        return teams.teams().stream().filter(team -> user.canRead(teams.namespaceOf(team))).toList();
    }

    private static boolean scoreMatches(Scorecard card, String score) {
        return switch (score) {
            case "below" -> card.belowMinimum();
            case "full" -> card.full();
            default -> card.score() != null && !card.full();
        };
    }

    private static InvalidInput invalid(String field, String code) {
        return new InvalidInput(Map.of(field, code), "error.invalidInput.detail");
    }
}
