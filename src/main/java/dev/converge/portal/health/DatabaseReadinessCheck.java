package dev.converge.portal.health;

import dev.converge.portal.shared.health.ReadinessCheck;
import dev.converge.portal.shared.health.ComponentHealth;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/** The portal's database answers a trivial query within a couple of seconds. */
@Component
class DatabaseReadinessCheck implements ReadinessCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    DatabaseReadinessCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth check() {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            var metadata = connection.getMetaData();
            return ComponentHealth.up("Database reachable", Map.of(
                    "product", metadata.getDatabaseProductName(),
                    "version", metadata.getDatabaseProductVersion()));
        } catch (SQLException failure) {
            return ComponentHealth.down("Database unreachable", Map.of(
                    "error", failure.getClass().getSimpleName(),
                    "sqlState", String.valueOf(failure.getSQLState())));
        }
    }
}
