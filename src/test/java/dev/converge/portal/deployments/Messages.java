package dev.converge.portal.deployments;

import java.util.Locale;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.context.support.ResourceBundleMessageSource;

/** A problem's messages in the words users see, read from {@code messages.properties} as the error handler does. */
final class Messages {

    private static final ResourceBundleMessageSource SOURCE = source();

    private Messages() {
    }

    static String field(PortalException problem, String field) {
        var code = problem.fieldErrors().get(field);
        return code == null ? null : SOURCE.getMessage(code, problem.fieldArgs(field), code, Locale.ENGLISH);
    }

    static String detail(PortalException problem) {
        return SOURCE.getMessage(problem.detailCode(), problem.detailArgs(), problem.detailCode(), Locale.ENGLISH);
    }

    private static ResourceBundleMessageSource source() {
        var source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
