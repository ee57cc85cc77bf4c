package dev.converge.portal.platform.kubernetes;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns what the Kubernetes API server (or the way to it) said into a plain message (a key of
 * {@code messages.properties}) and an HTTP status a feature can pass on, so no user ever reads a fabric8 stack trace
 * or a raw {@code Status} object.
 */
public final class KubernetesErrors {

    private KubernetesErrors() {
    }

    /**
     * A failed call, in words: an HTTP status and a message key of {@code messages.properties} whose arguments are
     * what was being worked on ({@code {0}}, itself a text or a message to resolve) and the API server's own reason
     * ({@code {1}}, empty when it gave none).
     */
    public record Failure(int status, String code, Object what, String reason) {

        public Object[] args() {
            return new Object[] {what, reason};
        }
    }

    /** {@code what} names the object, e.g. a {@code MessageSourceResolvable} for "deployment vision/resnet". */
    public static Failure translate(Throwable error, Object what) {
        if (isTimeout(error)) {
            return new Failure(504, "kubernetes.error.timeout", what, "");
        }
        if (isUnreachable(error)) {
            return new Failure(503, "kubernetes.error.unreachable", what, "");
        }
        int code = error instanceof KubernetesClientException k ? k.getCode() : 0;
        var reason = reason(error);
        return switch (code) {
            case 400 -> new Failure(400, "kubernetes.error.malformed", what, reason);
            case 401, 403 -> new Failure(403, "kubernetes.error.forbidden", what, reason);
            case 404 -> new Failure(404, "kubernetes.error.notFound", what, reason);
            case 409 -> new Failure(409, "kubernetes.error.conflict", what, reason);
            case 422 -> new Failure(422, "kubernetes.error.invalid", what, reason);
            case 429 -> new Failure(503, "kubernetes.error.busy", what, reason);
            default -> code >= 500
                    ? new Failure(502, "kubernetes.error.server", what, reason)
                    : new Failure(502, "kubernetes.error.other", what, reason);
        };
    }

    public static boolean isNotFound(Throwable error) {
        return error instanceof KubernetesClientException k && k.getCode() == 404;
    }

    public static boolean isConflict(Throwable error) {
        return error instanceof KubernetesClientException k && k.getCode() == 409;
    }

    /** The API server's own words, as ": <message>", or empty. */
    private static String reason(Throwable error) {
        if (error instanceof KubernetesClientException k && k.getStatus() != null
                && k.getStatus().getMessage() != null && !k.getStatus().getMessage().isBlank()) {
            return ": " + k.getStatus().getMessage();
        }
        return "";
    }

    private static boolean isTimeout(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                    || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnreachable(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
