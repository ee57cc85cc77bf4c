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
        var dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
