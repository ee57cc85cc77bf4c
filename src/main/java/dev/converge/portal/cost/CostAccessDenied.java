package dev.converge.portal.cost;

import dev.converge.portal.shared.web.Forbidden;

/** The user's role does not allow this part of the cost feature. */
public final class CostAccessDenied extends Forbidden {

    private CostAccessDenied(String code) {
        super(code);
    }

    static CostAccessDenied dashboard() {
        return new CostAccessDenied("cost.error.forbidden.dashboard");
    }

    public static CostAccessDenied catalog() {
        return new CostAccessDenied("cost.error.forbidden.catalog");
    }

    public static CostAccessDenied budgetsHidden() {
        return new CostAccessDenied("cost.error.forbidden.budgetsHidden");
    }

    static CostAccessDenied budgets() {
        return new CostAccessDenied("cost.error.forbidden.budgets");
    }
}
