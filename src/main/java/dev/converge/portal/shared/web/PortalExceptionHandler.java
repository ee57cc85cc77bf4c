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
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

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
                : Map.of(exception.getPropertyName(), errors.text(code("typeMismatch")));
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST, fields));
    }

    /** A field of the wrong type is named with what it should be; a body that is no JSON at all says so. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException exception, HttpServletRequest request,
                      HttpServletResponse response) throws IOException {
        var field = JsonReadProblems.fieldOf(exception);
        var failure = field.map(bad -> errors.of(HttpStatus.BAD_REQUEST, "error.json.fields",
                        Map.of(bad.getKey(), errors.text(bad.getValue()))))
                .orElseGet(() -> errors.of(HttpStatus.BAD_REQUEST,
                        exception.getCause() instanceof tools.jackson.core.exc.StreamReadException
                                ? "error.json.malformed" : "error.400.detail", Map.of()));
        return errors.respond(request, response, failure);
    }

    /**
     * An upload Tomcat could not parse: cut off before its closing boundary, a file name with a control character,
     * or a part header (the file name) over the container's limit. All are the client's doing: 400, never 500.
     * A part really over {@code portal.artifacts.max-size} stays a 413.
     */
    @ExceptionHandler(MultipartException.class)
    Object unreadableUpload(MultipartException exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.tomcat.util.http.fileupload.InvalidFileNameException) {
                return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST,
                        "error.invalidInput.detail", Map.of("file", errors.text(code("error.upload.fileName")))));
            }
            // Tomcat's words for a part header over maxPartHeaderSize; its exception class is shared with other limits
            if (cause.getMessage() != null && cause.getMessage().startsWith("Header section has more than")) {
                return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST,
                        "error.invalidInput.detail", Map.of("file", errors.text(code("error.upload.header")))));
            }
        }
        if (exception instanceof MaxUploadSizeExceededException tooLarge) {
            return springWeb(tooLarge, request, response);
        }
        log.debug("Unreadable upload on {}: {}", request.getRequestURI(), exception.toString());
        return errors.respond(request, response, errors.of(HttpStatus.BAD_REQUEST, "error.upload.malformed",
                Map.of()));
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

    private static org.springframework.context.MessageSourceResolvable code(String code) {
        return new org.springframework.context.support.DefaultMessageSourceResolvable(new String[] {code}, code);
    }

    /** Spring's own web exceptions (unknown URL, wrong method, missing parameter...) keep their status and headers. */
    private Object springWeb(ErrorResponse exception, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        exception.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        var status = HttpStatus.resolve(exception.getStatusCode().value());
        return errors.respond(request, response, errors.of(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status));
    }
}
