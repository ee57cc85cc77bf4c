package dev.converge.portal.audit;

import java.util.function.Function;
import java.util.function.Supplier;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/**
 * The one way a feature audits a change: runs it and records SUCCESS when it returns, DENIED when it is refused with
 * a 403 problem, FAILURE for any other failure, then rethrows. A failure's detail is a safe short reason (the
 * problem's message key, or the exception's type), never its message, which may carry secrets or what a user typed.
 * A static helper rather than a method of {@link AuditLog}, so a test that mocks the log still runs the change.
 */
public final class Audited {

    private Audited() {
    }

    /**
     * @param successDetail what the entry says about a change that succeeded (may be null; gets the result)
     */
    public static <T> T call(AuditLog log, String actor, String action, String target, Supplier<T> change,
                             Function<? super T, String> successDetail) {
        return call(log, actor, action, target, change, result -> target, successDetail);
    }

    /**
     * A change whose success is recorded against what it made rather than what was asked for (a retry's new
     * build); a refusal or failure is recorded against {@code target}.
     */
    public static <T> T call(AuditLog log, String actor, String action, String target, Supplier<T> change,
                             Function<? super T, String> successTarget, Function<? super T, String> successDetail) {
        T result;
        try {
            result = change.get();
        } catch (PortalException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                log.record(actor, action, target, AuditOutcome.DENIED, null);
            } else {
                log.record(actor, action, target, AuditOutcome.FAILURE, e.detailCode());
            }
            throw e;
        } catch (RuntimeException e) {
            log.record(actor, action, target, AuditOutcome.FAILURE, e.getClass().getSimpleName());
            throw e;
        }
        log.record(actor, action, successTarget.apply(result), AuditOutcome.SUCCESS, successDetail == null ? null
                : successDetail.apply(result));
        return result;
    }

    /** A change without a result. */
    public static void run(AuditLog log, String actor, String action, String target, Runnable change,
                           String successDetail) {
        call(log, actor, action, target, () -> {
            change.run();
            return null;
        }, result -> successDetail);
    }
}
