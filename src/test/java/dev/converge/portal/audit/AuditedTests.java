package dev.converge.portal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.converge.portal.shared.web.Forbidden;
import dev.converge.portal.shared.web.NotFound;
import org.junit.jupiter.api.Test;

/** The one record-and-rethrow rule of deployments, builds and artifacts. */
class AuditedTests {

    private final AuditLog log = mock(AuditLog.class);

    @Test
    void aChangeThatReturnsIsASuccessWithItsDetail() {
        var result = Audited.call(log, "dev", "thing.create", "vision/a", () -> 42, n -> "answer " + n);

        assertThat(result).isEqualTo(42);
        verify(log).record("dev", "thing.create", "vision/a", AuditOutcome.SUCCESS, "answer 42");
    }

    @Test
    void aRefusalIsDeniedWithoutDetailAndRethrown() {
        var refused = new Forbidden("some.error.forbidden", "vision");

        assertThatThrownBy(() -> Audited.run(log, "viewer", "thing.delete", "vision/a", () -> {
            throw refused;
        }, null)).isSameAs(refused);
        verify(log).record("viewer", "thing.delete", "vision/a", AuditOutcome.DENIED, null);
        verifyNoMoreInteractions(log);
    }

    @Test
    void anotherProblemIsAFailureNamedByItsKeyNotItsArguments() {
        var gone = new NotFound("some.error.notFound", "secret-looking user text");

        assertThatThrownBy(() -> Audited.run(log, "dev", "thing.delete", "vision/a", () -> {
            throw gone;
        }, null)).isSameAs(gone);
        verify(log).record("dev", "thing.delete", "vision/a", AuditOutcome.FAILURE, "some.error.notFound");
    }

    @Test
    void anUnexpectedFailureIsRecordedByItsTypeOnly() {
        var broken = new IllegalStateException("password=hunter2");

        assertThatThrownBy(() -> Audited.call(log, "dev", "thing.create", "vision/a", () -> {
            throw broken;
        }, result -> "never")).isSameAs(broken);
        verify(log).record("dev", "thing.create", "vision/a", AuditOutcome.FAILURE, "IllegalStateException");
    }

    @Test
    void aSuccessMayBeRecordedAgainstWhatTheChangeMade() {
        Audited.call(log, "dev", "thing.retry", "vision/a", () -> "a-r2", made -> "vision/" + made,
                made -> "retry of vision/a");

        verify(log).record("dev", "thing.retry", "vision/a-r2", AuditOutcome.SUCCESS, "retry of vision/a");
    }
}
