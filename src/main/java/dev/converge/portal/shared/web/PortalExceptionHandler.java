package dev.converge.portal.shared.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The one place that turns exceptions into answers (see {@link ErrorResponses} for the three forms). It runs before
 * Spring Boot's problem-details handler so every feature gets the same behaviour.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PortalExceptionHandler.class);

    private final ErrorResponses errors;

    PortalExceptionHandler(MessageSource messages) {
        this.errors = new ErrorResponses(messages);
    }

    @ExceptionHandler(PortalException.class)
    Object portal(PortalException exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        log.debug("{} on {}", exception, request.getRequestURI());
        return errors.respond(request, response, errors.of(exception));
    }

    /** Covers MethodArgumentNotValidException too: it is a BindException. */
    @ExceptionHandler(BindException.class)
    Object invalidBinding(BindException exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        var fields = new LinkedHashMap<String, String>();
        exception.getFieldErrors().forEach(error -> fields.putIfAbsent(error.getField(), errors.text(error)));
        exception.getGlobalErrors().forEach(error -> fields.putIfAbsent(error.getObjectName(), errors.text(error)));
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST, fields));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    Object invalidArguments(HandlerMethodValidationException exception, HttpServletRequest request,
                            HttpServletResponse response) throws IOException {
        var fields = new LinkedHashMap<String, String>();
        exception.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                fields.putIfAbsent(result.getMethodParameter().getParameterName(), errors.text(error))));
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST, fields));
    }

    @ExceptionHandler(TypeMismatchException.class)
    Object typeMismatch(TypeMismatchException exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Map<String, String> fields = exception.getPropertyName() == null ? Map.of()
                : Map.of(exception.getPropertyName(), errors.text(new org.springframework.context
                        .support.DefaultMessageSourceResolvable(new String[] {"typeMismatch"}, "typeMismatch")));
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST, fields));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST));
    }

    /** Nobody is listening any more: there is no one to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // the connection is closed; writing an error would fail too
    }

    /**
     * Spring's web exceptions keep their status. Anything else is a bug: logged with its stack trace, answered with a plain 500. Security's denials are handed
     * back untouched, so the filter chain can send anonymous users to sign in and others a 403.
     */
    @ExceptionHandler(Exception.class)
    Object unexpected(Exception exception, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        if (exception instanceof AccessDeniedException || exception instanceof AuthenticationException) {
            throw exception;
        }
        if (exception instanceof ErrorResponse springWeb) {
            return springWeb(springWeb, request, response);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), exception);
        return errors.respond(request, response, errors.of(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    /** Spring's own web exceptions (unknown URL, wrong method, missing parameter...) keep their status and headers. */
    private Object springWeb(ErrorResponse exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        exception.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        var status = HttpStatus.resolve(exception.getStatusCode().value());
        return errors.respond(request, response, errors.of(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status));
    }
}
