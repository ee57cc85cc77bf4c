package dev.converge.portal.home;

import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;

/** Which functions a user sees on the home page, and what their role lets them do with each. */
public final class FunctionCards {

    private FunctionCards() {
    }

    public static List<FunctionCard> forUser(CurrentUser user) {
        var write = user.hasRole(Role.DEVELOPER) ? "write" : "read";
        var cards = new ArrayList<>(List.of(
                new FunctionCard("builds", "/ai-converge/builds", write),
                new FunctionCard("deployments", "/deployments", write),
                new FunctionCard("rag", "/rag/models", write),
                new FunctionCard("chat", "/chat", write),
                new FunctionCard("experiments", "/mlflow/experiments", "read"),
                new FunctionCard("cost", "/cost/estimate", user.hasRole(Role.LEAD) ? "lead" : "read"),
                new FunctionCard("trust", "/trust", "read"),
                new FunctionCard("architecture", "/architecture", "read")));
        if (user.isAdmin()) {
            cards.add(new FunctionCard("audit", "/audit", "read"));
        }
        return List.copyOf(cards);
    }
}
