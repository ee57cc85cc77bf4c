package dev.converge.portal.shared.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@code @SpringBootTest} class against the embedded PostgreSQL server instead of H2: Flyway migrates a fresh
 * database there and every repository talks to it. A repository's H2 tests join with one line:
 * {@code @OnPostgres class ThingRepositoryOnPostgresTests extends ThingRepositoryTests {}} (the test class needs
 * {@code @SpringBootTest}). {@code RepositoriesOnPostgresTests} fails while a repository has no such class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ContextConfiguration(initializers = OnPostgres.Database.class)
public @interface OnPostgres {

    /** Points the context's data source at a new database on the shared server. */
    class Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + EmbeddedPostgresServer.newDatabaseUrl(),
                    "spring.datasource.username=" + EmbeddedPostgresServer.username(),
                    "spring.datasource.password=").applyTo(context);
        }
    }
}
