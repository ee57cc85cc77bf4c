package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.converge.portal.shared.postgres.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V11 moves the sources that answers kept in their reason column ({@code sources:[…]}) into the new sources column,
 * on H2 and on PostgreSQL, and leaves a real reason (an interrupted answer's) where it is.
 */
class ChatSourcesMigrationTests {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sourcesKeptInTheReasonColumnMoveToTheirOwn(String vendor) throws SQLException {
        var postgres = vendor.equals("postgresql");
        var url = postgres ? EmbeddedPostgresServer.newDatabaseUrl()
                : "jdbc:h2:mem:chat-sources-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        var user = postgres ? EmbeddedPostgresServer.username() : "sa";
        migrate(url, user, vendor, MigrationVersion.fromVersion("10"));
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            execute(connection, "INSERT INTO chat_sessions (id, owner, title, model, created_at, updated_at) VALUES "
                    + "('s1', 'dev', 't', 'rag:vision/faq', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            insertAnswer(connection, "m1", 1, "done", "sources:[{\"document\":\"returns.md\",\"score\":0.87}]");
            insertAnswer(connection, "m2", 2, "interrupted", "Stopped by the user.");
            insertAnswer(connection, "m3", 3, "done", null);
        }

        migrate(url, user, vendor, MigrationVersion.LATEST);

        try (Connection connection = DriverManager.getConnection(url, user, "");
             var rows = connection.createStatement().executeQuery(
                     "SELECT id, reason, sources FROM chat_messages ORDER BY seq")) {
            rows.next();
            assertThat(rows.getString("reason")).isNull();
            assertThat(rows.getString("sources")).isEqualTo("[{\"document\":\"returns.md\",\"score\":0.87}]");
            rows.next();
            assertThat(rows.getString("reason")).isEqualTo("Stopped by the user.");
            assertThat(rows.getString("sources")).isNull();
            rows.next();
            assertThat(rows.getString("reason")).isNull();
            assertThat(rows.getString("sources")).isNull();
        }
    }

    private static void insertAnswer(Connection connection, String id, int seq, String status, String reason)
            throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO chat_messages (id, session_id, seq, role, content, "
                + "status, reason, created_at, updated_at) VALUES (?, 's1', ?, 'assistant', 'a', ?, ?, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            insert.setString(1, id);
            insert.setInt(2, seq);
            insert.setString(3, status);
            insert.setString(4, reason);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void migrate(String url, String user, String vendor, MigrationVersion target) {
        Flyway.configure().dataSource(url, user, "")
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .failOnMissingLocations(false).target(target).load().migrate();
    }
}
