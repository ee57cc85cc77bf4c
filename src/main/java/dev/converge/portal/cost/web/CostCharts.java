package dev.converge.portal.cost.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.converge.portal.cost.CostDashboard;
import dev.converge.portal.cost.CostGroup;
import dev.converge.portal.cost.GroupBy;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's chart data as JSON for {@code data-chart} attributes: {@code static/js/cost-charts.js} draws them
 * with Chart.js (no inline script: the content security policy forbids it).
 */
@Component
class CostCharts {

    private final JsonMapper json;
    private final MessageSource messages;

    CostCharts(JsonMapper json, MessageSource messages) {
        this.json = json;
        this.messages = messages;
    }

    /** Chart id → JSON of {type, labels, datasets:[{label, data}]}. */
    Map<String, String> of(CostDashboard dashboard) {
        var locale = LocaleContextHolder.getLocale();
        var charts = new LinkedHashMap<String, String>();
        charts.put("team", bar(dashboard.runRate().by(GroupBy.TEAM), dashboard.currency(), locale));
        charts.put("zone", bar(dashboard.runRate().by(GroupBy.ZONE), dashboard.currency(), locale));
        var total = dashboard.runRate().total();
        charts.put("gpu", json.writeValueAsString(Map.of("type", "doughnut",
                "labels", List.of(text("cost.chart.gpu", locale), text("cost.chart.other", locale)),
                "datasets", List.of(Map.of("label", dashboard.currency() + "/h",
                        "data", List.of(total.gpu(), CostGroup.round(total.cpu() + total.memory(), 4)))))));
        var trend = dashboard.trend();
        charts.put("trend", json.writeValueAsString(Map.of("type", "line",
                "labels", trend.stream().map(day -> day.day().toString()).toList(),
                "datasets", List.of(
                        Map.of("label", text("cost.chart.cost", locale), "data",
                                trend.stream().map(day -> day.cost()).toList()),
                        Map.of("label", text("cost.chart.idle", locale), "data",
                                trend.stream().map(day -> day.idle()).toList())))));
        return charts;
    }

    private String bar(List<CostGroup> groups, String currency, Locale locale) {
        return json.writeValueAsString(Map.of("type", "bar",
                "labels", groups.stream().map(g -> g.key().isEmpty() ? text("cost.dashboard.unknown", locale)
                        : g.key()).toList(),
                "datasets", List.of(Map.of("label", currency + " / month", "data",
                        groups.stream().map(CostGroup::monthly).toList()))));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
