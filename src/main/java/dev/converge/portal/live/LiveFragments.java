package dev.converge.portal.live;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the Thymeleaf fragment an event carries, once per event, outside any request. The fragments it renders
 * must not use {@code @{...}} links (there is no request to resolve them against).
 */
@Component
public class LiveFragments {

    private final ITemplateEngine templates;

    LiveFragments(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** {@code render("builds/live", "build-counts", Map.of("counts", counts))}. */
    public String render(String template, String fragment, Map<String, Object> variables) {
        return render(template, fragment, variables, Locale.ENGLISH);
    }

    /** The same in the reader's language, for fragments rendered once and placed in pages (list rows). */
    public String render(String template, String fragment, Map<String, Object> variables, Locale locale) {
        return templates.process(template, Set.of(fragment), new Context(locale, variables)).strip();
    }
}
