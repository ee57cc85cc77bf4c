package dev.converge.portal.security;

import java.io.IOException;
import java.util.Locale;

import dev.converge.portal.shared.web.ClientKind;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers the errors Tomcat raises before a request reaches the portal (an encoded slash or NUL in the path, a URL
 * or header over the size limit): the portal's own short page, or problem+json for API clients, with the same
 * security headers as every other answer. Errors inside the portal never get here: they go to {@code /error}.
 */
class ContainerErrorReportValve extends ErrorReportValve {

    private final MessageSource messages;

    ContainerErrorReportValve(MessageSource messages) {
        this.messages = messages;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        response.setHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("Cache-Control", "no-store");
        var family = status < 500 ? "400" : "500";
        var title = text("error." + status + ".title", "error." + family + ".title");
        var detail = text("error.container." + family + ".detail", "error." + family + ".detail");
        try {
            response.setCharacterEncoding("UTF-8");
            String body;
            if (ClientKind.wantsJson(request)) {
                response.setContentType("application/problem+json");
                body = "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status
                        + ",\"detail\":\"" + json(detail) + "\"}";
            } else {
                response.setContentType("text/html;charset=UTF-8");
                body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                        + HtmlUtils.htmlEscape(title) + " · Converge Portal</title></head><body><main><h1>"
                        + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(detail)
                        + "</p><p><a href=\"/\">" + HtmlUtils.htmlEscape(text("error.home", "error.home"))
                        + "</a></p></main></body></html>";
            }
            var writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nothing more to do
        }
    }

    private String text(String code, String fallbackCode) {
        var fallback = messages.getMessage(fallbackCode, null, fallbackCode, Locale.ENGLISH);
        return messages.getMessage(code, null, fallback, Locale.ENGLISH);
    }

    /** Our own message texts only, so quotes and backslashes are all there is to escape. */
    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
