package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.converge.portal.PortalProperties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Password guessing: accounts and addresses are locked after repeated failures, longer each time, in a bounded table
 * that every replica shares.
 */
class LoginThrottleTests {

    private final MutableClock clock = new MutableClock();
    private final DataSource database = LoginThrottles.newDatabase();
    private final LoginThrottle throttle = LoginThrottles.on(database, settings(5, 20, 100), clock);

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("dev", "10.0.0.1");
            assertThat(throttle.lockedFor("dev", "10.0.0.1")).isEmpty();
        }
        throttle.failed("dev", "10.0.0.1");

        assertThat(throttle.lockedFor("dev", "10.0.0.2")).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.lockedFor("dev", "10.0.0.2")).isEmpty();
    }

    @Test
    void eachLockOfTheSameAccountLastsLongerUpToTheMaximum() {
        var locks = new java.util.ArrayList<Duration>();
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 5; i++) {
                throttle.failed("dev", "10.0.0." + round);
            }
            var lock = throttle.lockedFor("dev", "10.0.0.99").orElseThrow();
            locks.add(lock);
            clock.advance(lock);
        }

        assertThat(locks).startsWith(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4))
                .last().isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anUnknownAccountIsThrottledExactlyLikeAKnownOne() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("dev", "10.0.0.1");
            throttle.failed("nobody-" + "x", "10.0.0.2");
        }

        assertThat(throttle.lockedFor("nobody-x", "10.0.0.3")).isEqualTo(throttle.lockedFor("dev", "10.0.0.3"));
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedToo() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }

        assertThat(throttle.lockedFor("someone-else", "10.0.0.9")).isPresent();
        assertThat(throttle.lockedFor("someone-else", "10.0.0.10")).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("dev", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("dev", "10.0.0.1");

        assertThat(throttle.lockedFor("dev", "10.0.0.1")).isEmpty();
    }

    @Test
    void aSuccessfulSignInClearsTheAccountsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("dev", "10.0.0.1");
        }
        throttle.succeeded("dev");
        throttle.failed("dev", "10.0.0.1");

        assertThat(throttle.lockedFor("dev", "10.0.0.1")).isEmpty();
    }

    @Test
    void twoReplicasOnOneDatabaseCountTogether() {
        var otherReplica = LoginThrottles.on(database, settings(5, 20, 100), clock);
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? throttle : otherReplica).failed("dev", "10.0.0." + i);
        }
        assertThat(otherReplica.lockedFor("dev", "10.0.0.9")).isEmpty();

        throttle.failed("dev", "10.0.0.4");

        assertThat(otherReplica.lockedFor("dev", "10.0.0.9")).contains(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("dev", "10.0.0.9")).contains(Duration.ofMinutes(1));
        otherReplica.succeeded("dev");
        assertThat(throttle.lockedFor("dev", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresOnTwoReplicasAtOnceAreAllCounted() throws Exception {
        var otherReplica = LoginThrottles.on(database, settings(1_000, 1_000, 100), clock);
        var oneReplica = LoginThrottles.on(database, settings(1_000, 1_000, 100), clock);
        var threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 4; i++) {
                var replica = i % 2 == 0 ? oneReplica : otherReplica;
                done.add(threads.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        replica.failed("race", "10.0.0.1");
                    }
                }));
            }
            for (var future : done) {
                future.get();
            }
        }
        finally {
            threads.shutdownNow();
        }

        assertThat(JdbcClient.create(database).sql("SELECT failures FROM login_failures WHERE throttle_key = ?")
                .param("user:race").query(Integer.class).single()).isEqualTo(200);
    }

    @Test
    void theNumberOfTrackedKeysIsCapped() {
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("guess-" + i, "10.1." + (i / 250) + "." + (i % 250));
        }

        assertThat(throttle.trackedKeys()).isLessThanOrEqualTo(100);
    }

    @Test
    void namesDifferingOnlyInCaseOrSpacesShareOneCounter() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(i % 2 == 0 ? "Dev" : " dev ", "10.0.0." + i);
        }

        assertThat(throttle.lockedFor("dev", "10.0.0.50")).isPresent();
    }

    @Test
    void switchedOffItNeverLocks() {
        var off = LoginThrottles.on(database, new PortalProperties.LoginThrottle(false, 5, 20,
                Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 50; i++) {
            off.failed("dev", "10.0.0.1");
        }

        assertThat(off.lockedFor("dev", "10.0.0.1")).isEmpty();
    }

    static PortalProperties.LoginThrottle settings(int perAccount, int perAddress, int maxKeys) {
        return new PortalProperties.LoginThrottle(true, perAccount, perAddress, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofHours(1), maxKeys);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
