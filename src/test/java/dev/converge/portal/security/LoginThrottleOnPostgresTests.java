package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.converge.portal.shared.postgres.OnPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;

/** Two replicas' sign-in throttles on one PostgreSQL database lock together. */
@SpringBootTest
@ActiveProfiles("test")
@OnPostgres
class LoginThrottleOnPostgresTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    LoginThrottle portalsOwn;

    private LoginThrottle replica(int maxKeys) {
        return new LoginThrottle(LoginThrottleTests.settings(5, 20, maxKeys), Clock.systemUTC(), jdbc, transactions);
    }

    @Test
    void failuresOnEitherReplicaLockTheAccountOnBoth() {
        var one = replica(10_000);
        var other = replica(10_000);
        var name = "pg-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? one : other).failed(name, "192.0.2." + i);
        }
        assertThat(portalsOwn.lockedFor(name, "192.0.2.99")).isEmpty();

        other.failed(name, "192.0.2.4");

        assertThat(one.lockedFor(name, "192.0.2.99")).hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1)));
        assertThat(portalsOwn.lockedFor(name, "192.0.2.99")).isPresent();
        one.succeeded(name);
        assertThat(other.lockedFor(name, "192.0.2.99")).isEmpty();
    }

    @Test
    void theTableIsTrimmedToTheCap() {
        var small = replica(20);
        for (int i = 0; i < 60; i++) {
            small.failed("pg-trim-" + i + "-" + UUID.randomUUID(), null);
        }

        assertThat(small.trackedKeys()).isLessThanOrEqualTo(20);
    }
}
