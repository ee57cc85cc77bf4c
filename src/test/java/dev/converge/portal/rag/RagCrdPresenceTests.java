package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import dev.converge.portal.platform.kubernetes.ServedResources;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import org.junit.jupiter.api.Test;

class RagCrdPresenceTests {

    private final ServedResources served = mock(ServedResources.class);
    private final KubernetesCaches caches = mock(KubernetesCaches.class);

    @Test
    void anActionWaitsForTheCrdAndRunsOnceWhenItIsFound() {
        var now = Instant.parse("2026-12-01T05:00:00Z");
        var clock = new MutableClock(now);
        var presence = new RagCrdPresence(served, caches, clock);
        var runs = new AtomicInteger();
        when(served.serves(RagModel.API_VERSION, RagModel.PLURAL)).thenReturn(false);

        presence.whenInstalled(runs::incrementAndGet);
        assertThat(runs).hasValue(0);

        when(served.serves(RagModel.API_VERSION, RagModel.PLURAL)).thenReturn(true);
        clock.instant = now.plus(Duration.ofSeconds(31));
        assertThat(presence.installed()).isTrue();
        verify(caches).register(RagModel.class);
        assertThat(runs).hasValue(1);
        presence.installed();
        assertThat(runs).as("once only").hasValue(1);

        presence.whenInstalled(runs::incrementAndGet);
        assertThat(runs).as("at once when installed").hasValue(2);
    }

    private static final class MutableClock extends Clock {
        Instant instant;

        MutableClock(Instant instant) {
            this.instant = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return instant;
        }
    }
}
