package dev.converge.portal.security;

import java.time.Clock;
import java.util.UUID;

import dev.converge.portal.PortalProperties;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** Sign-in throttles on a database of their own (H2 with the throttle's migration), for tests without a context. */
public final class LoginThrottles {

    private LoginThrottles() {
    }

    /** A fresh in-memory database holding only the throttle's table. */
    public static DataSource newDatabase() {
        return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
                .setName("throttle-" + UUID.randomUUID())
                .addScript("db/migration/V13__login_failures.sql").build();
    }

    /** A throttle (one replica's) on the given database. */
    public static LoginThrottle on(DataSource database, PortalProperties.LoginThrottle settings, Clock clock) {
        return new LoginThrottle(settings, clock, JdbcClient.create(database), new JdbcTransactionManager(database));
    }

    /** A throttle with its own new database. */
    public static LoginThrottle standalone(PortalProperties properties, Clock clock) {
        return on(newDatabase(), properties.security().loginThrottle(), clock);
    }
}
