package dev.converge.portal.sandbox.mlflow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** In-memory H2 databases with the portal's migrations applied, one per name. */
final class TrackingDatabases {

    private TrackingDatabases() {
    }

    static HikariDataSource migratedH2(String name) {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:mlflow-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        return migrated(new HikariDataSource(config), "h2");
    }

    /** A new database on the embedded PostgreSQL server of the tests, migrated. */
    static HikariDataSource migratedPostgres() {
        var config = new HikariConfig();
        config.setJdbcUrl(dev.converge.portal.shared.postgres.EmbeddedPostgresServer.newDatabaseUrl());
        config.setUsername(dev.converge.portal.shared.postgres.EmbeddedPostgresServer.username());
        config.setPassword("");
        config.setMaximumPoolSize(4);
        return migrated(new HikariDataSource(config), "postgresql");
    }

    private static HikariDataSource migrated(HikariDataSource dataSource, String vendor) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .load().migrate();
        return dataSource;
    }
}
