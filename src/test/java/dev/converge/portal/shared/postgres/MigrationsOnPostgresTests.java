package dev.converge.portal.shared.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Every Flyway migration, whoever adds it, applies on a real PostgreSQL as on H2, and both end with the same tables
 * and columns: SQL that only one of them understands, or understands differently, fails here rather than on a
 * customer's first start.
 */
class MigrationsOnPostgresTests {

    @Test
    void everyMigrationAppliesOnPostgresAndOnH2AndBothEndWithTheSameSchema() throws Exception {
        String postgresUrl = EmbeddedPostgresServer.newDatabaseUrl();
        String h2Url = "jdbc:h2:mem:migrations-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

        MigrateResult onPostgres = migrate(postgresUrl, EmbeddedPostgresServer.username(), "postgresql");
        MigrateResult onH2 = migrate(h2Url, "sa", "h2");

        assertThat(onPostgres.success).isTrue();
        assertThat(onPostgres.migrationsExecuted).isPositive().isEqualTo(onH2.migrationsExecuted);
        try (Connection postgres = DriverManager.getConnection(postgresUrl, EmbeddedPostgresServer.username(), "");
             Connection h2 = DriverManager.getConnection(h2Url, "sa", "")) {
            assertThat(columns(postgres, "public")).isEqualTo(columns(h2, "PUBLIC"));
        }
    }

    @Test
    void migratingTwiceChangesNothing() {
        String url = EmbeddedPostgresServer.newDatabaseUrl();
        migrate(url, EmbeddedPostgresServer.username(), "postgresql");

        assertThat(migrate(url, EmbeddedPostgresServer.username(), "postgresql").migrationsExecuted).isZero();
    }

    /** The locations the application itself uses, with Boot's {@code {vendor}} placeholder resolved. */
    private static MigrateResult migrate(String url, String user, String vendor) {
        String[] locations = applicationProperty("spring.flyway.locations").replace("{vendor}", vendor).split(",");
        return Flyway.configure().dataSource(url, user, "").locations(locations)
                .failOnMissingLocations(false).load().migrate();
    }

    private static SortedSet<String> columns(Connection connection, String schema) throws SQLException {
        SortedSet<String> columns = new TreeSet<>();
        try (var result = connection.getMetaData().getColumns(null, schema, "%", "%")) {
            while (result.next()) {
                String table = result.getString("TABLE_NAME").toLowerCase();
                if (!table.startsWith("flyway_")) {
                    columns.add(table + "." + result.getString("COLUMN_NAME").toLowerCase());
                }
            }
        }
        return columns;
    }

    private static String applicationProperty(String key) {
        try (InputStream in = MigrationsOnPostgresTests.class.getResourceAsStream("/application.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
