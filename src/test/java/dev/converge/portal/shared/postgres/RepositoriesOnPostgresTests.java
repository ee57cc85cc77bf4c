package dev.converge.portal.shared.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.security.ConfiguredUsers;
import dev.converge.portal.security.CurrentUsers;
import dev.converge.portal.shared.health.ReadinessCheck;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.ActiveProfiles;

/**
 * The repositories without an H2 test class of their own, on PostgreSQL; and the rule that every class of ours that
 * talks SQL runs on PostgreSQL in some test: its own {@code <Class>OnPostgresTests} (one line, see
 * {@link OnPostgres}) or a test here.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@OnPostgres
class RepositoriesOnPostgresTests {

    /** Tested in this class. */
    private static final Set<String> TESTED_HERE = Set.of(AuditLog.class.getName(), Zones.class.getName(),
            "dev.converge.portal.health.DatabaseReadinessCheck");
    private static final List<Class<?>> SQL_GATEWAYS = List.of(JdbcClient.class, JdbcOperations.class,
            NamedParameterJdbcOperations.class, DataSource.class);

    @Autowired
    AuditLog audit;

    @Autowired
    Zones zones;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    CurrentUsers currentUsers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<ReadinessCheck> readinessChecks;

    @Test
    void theContextRunsOnPostgres() {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
    }

    @Test
    void theDatabaseReadinessCheckSeesPostgres() {
        assertThat(readinessChecks).filteredOn(check -> check.component().equals("database")).singleElement()
                .satisfies(check -> {
                    assertThat(check.check().isUp()).isTrue();
                    assertThat(check.check().details()).containsEntry("product", "PostgreSQL");
                });
    }

    @Test
    void auditLogFiltersPagesAndCountsOnPostgres() {
        String actor = "pg-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            audit.record(actor, "deployment.create", "deployment/vision/m" + i, AuditOutcome.SUCCESS, "ok " + i);
        }
        audit.record(actor, "deployment.delete", "deployment/vision/m0", AuditOutcome.FAILURE, "denied");

        assertThat(audit.count(new AuditQuery(actor, null, null, 0, 10))).isEqualTo(6);
        assertThat(audit.count(new AuditQuery(actor, "deployment.create", null, 0, 10))).isEqualTo(5);
        assertThat(audit.search(new AuditQuery(actor, null, AuditOutcome.FAILURE, 0, 10))).singleElement()
                .satisfies(event -> assertThat(event.detail()).isEqualTo("denied"));
        assertThat(audit.search(new AuditQuery(actor, null, null, 1, 4))).hasSize(2);
    }

    @Test
    void zonesCloseAndOpenOnPostgres() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !zones.names().isEmpty());
        String zone = zones.names().first();
        var admin = currentUsers.from(new UsernamePasswordAuthenticationToken(
                users.find("admin").orElseThrow().withoutPassword(), null,
                users.find("admin").orElseThrow().getAuthorities())).orElseThrow();

        zones.close(zone, "maintenance ✓", admin);
        assertThat(zones.closure(zone)).hasValueSatisfying(closure -> {
            assertThat(closure.reason()).isEqualTo("maintenance ✓");
            assertThat(closure.closedBy()).isEqualTo("admin");
        });
        zones.open(zone, admin);
        assertThat(zones.closure(zone)).isEmpty();
    }

    @Test
    void everyClassThatTalksSqlRunsOnPostgresInSomeTest() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.converge.portal");

        List<String> untested = classes.stream()
                .filter(RepositoriesOnPostgresTests::talksSql)
                .map(JavaClass::reflect)
                .filter(type -> !TESTED_HERE.contains(type.getName()) && !hasPostgresTest(type))
                .map(Class::getName)
                .toList();

        assertThat(untested).as("classes using JDBC without <Class>OnPostgresTests (one line: see @OnPostgres)")
                .isEmpty();
    }

    private static boolean talksSql(JavaClass type) {
        return type.getConstructors().stream().flatMap(constructor -> constructor.getRawParameterTypes().stream())
                .anyMatch(parameter -> SQL_GATEWAYS.stream().anyMatch(parameter::isAssignableTo));
    }

    private static boolean hasPostgresTest(Class<?> type) {
        try {
            Class<?> test = Class.forName(type.getName() + "OnPostgresTests");
            return test.isAnnotationPresent(OnPostgres.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
