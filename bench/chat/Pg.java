import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;

/**
 * A real PostgreSQL server for {@code DB=postgres bench/chat/run.sh}: zonky's binaries (the tests' own dependency),
 * default durability settings, max_connections 200. Prints the JDBC URL of a fresh database "portal", then runs
 * until killed. Run with the project's test classpath: {@code java -cp <classpath> Pg.java <work dir>}.
 */
public class Pg {
    public static void main(String[] args) throws Exception {
        var work = Files.createDirectories(java.nio.file.Path.of(args[0]));
        var server = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(Files.createTempDirectory(work, "data-"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .start();
        try (var connection = server.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE portal");
        }
        System.out.println("JDBC " + server.getJdbcUrl("postgres", "portal"));
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop: " + e);
            }
        }));
        Thread.currentThread().join();
    }
}
