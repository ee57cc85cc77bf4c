package dev.converge.portal.platform.kubernetes;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns what the Kubernetes API server (or the way to it) said into one plain sentence and an HTTP status a feature
 * can pass on, so no user ever reads a fabric8 stack trace or a raw {@code Status} object.
 */
public final class KubernetesErrors {

    private KubernetesErrors() {
    }

    /** A failed call, in words. {@code what} names the object, e.g. {@code "deployment vision/resnet"}. */
    public record Failure(int status, String message) {
    }

    public static Failure translate(Throwable error, String what) {
        if (isTimeout(error)) {
            return new Failure(504, "The Kubernetes API server did not answer in time while working on " + what
                    + ". Nothing may have changed; try again in a moment.");
        }
        if (isUnreachable(error)) {
            return new Failure(503, "The Kubernetes API server cannot be reached, so " + what
                    + " could not be changed. Try again when the cluster is back.");
        }
        int code = error instanceof KubernetesClientException k ? k.getCode() : 0;
        return switch (code) {
            case 400 -> new Failure(400, "Kubernetes refused the request for " + what + " as malformed"
                    + reason(error) + ".");
            case 401, 403 -> new Failure(403, "The portal's service account is not allowed to change " + what
                    + ". Ask a platform admin to grant it.");
            case 404 -> new Failure(404, capitalised(what) + " does not exist (any more).");
            case 409 -> new Failure(409, capitalised(what)
                    + " was changed or created by someone else at the same time. Reload and try again.");
            case 422 -> new Failure(422, "Kubernetes rejected " + what + " as invalid" + reason(error) + ".");
            case 429 -> new Failure(503, "The Kubernetes API server is busy. Try again in a moment.");
            default -> code >= 500
                    ? new Failure(502, "The Kubernetes API server failed while working on " + what
                            + ". Try again in a moment.")
                    : new Failure(502, "The call to Kubernetes for " + what + " failed" + reason(error) + ".");
        };
    }

    public static boolean isNotFound(Throwable error) {
        return error instanceof KubernetesClientException k && k.getCode() == 404;
    }

    public static boolean isConflict(Throwable error) {
        return error instanceof KubernetesClientException k && k.getCode() == 409;
    }

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

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
