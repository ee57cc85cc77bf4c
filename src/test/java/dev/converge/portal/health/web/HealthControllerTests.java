package dev.converge.portal.health.web;

import static org.hamcrest.Matchers.anEmptyMap;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import dev.converge.portal.health.ReadinessService;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.shared.web.WebSliceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(HealthController.class)
@Import({WebSliceConfiguration.class, ReadinessService.class, HealthControllerTests.Checks.class})
@ActiveProfiles("test")
class HealthControllerTests {

    static final ComponentHealth DATABASE_UP = ComponentHealth.up("Database reachable", Map.of("product", "H2"));

    @Autowired
    MockMvc mvc;

    @Autowired
    AtomicReference<ComponentHealth> database;

    @AfterEach
    void databaseBackUp() {
        database.set(DATABASE_UP);
    }

    @Test
    @WithAnonymousUser
    void livenessAnswersAnyone() throws Exception {
        mvc.perform(get("/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    @WithAnonymousUser
    void readinessListsComponentsWithoutDetailsForAnonymousUsers() throws Exception {
        mvc.perform(get("/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.mode").value("sandbox"))
                .andExpect(jsonPath("$.components.database.status").value("UP"))
                .andExpect(jsonPath("$.components.database.summary").value("Database reachable"))
                .andExpect(jsonPath("$.components.database.details").doesNotExist());
    }

    @Test
    @WithMockUser(roles = "LEAD")
    void nonAdminsSeeNoDetailsEither() throws Exception {
        mvc.perform(get("/readiness"))
                .andExpect(jsonPath("$.components.database.details").doesNotExist());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminsSeeTheDetails() throws Exception {
        mvc.perform(get("/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.database.details.product").value("H2"));
    }

    @Test
    @WithAnonymousUser
    void aComponentThatIsDownMakesThePortalUnready() throws Exception {
        database.set(ComponentHealth.down("Database unreachable", Map.of("error", "SQLTimeoutException")));
        mvc.perform(get("/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.database.status").value("DOWN"))
                .andExpect(jsonPath("$.components.database.summary").value("Database unreachable"))
                .andExpect(jsonPath("$.components.database.details").doesNotExist());
    }

    @Test
    @WithAnonymousUser
    void aCheckThatThrowsCountsAsDown() throws Exception {
        database.set(null);
        mvc.perform(get("/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.database.summary").value("database check failed"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Checks {

        @Bean
        AtomicReference<ComponentHealth> databaseHealth() {
            return new AtomicReference<>(DATABASE_UP);
        }

        @Bean
        ReadinessCheck databaseCheck(AtomicReference<ComponentHealth> databaseHealth) {
            return new ReadinessCheck() {
                @Override
                public String component() {
                    return "database";
                }

                @Override
                public ComponentHealth check() {
                    var health = databaseHealth.get();
                    if (health == null) {
                        throw new IllegalStateException("boom");
                    }
                    return health;
                }
            };
        }

        @Bean
        ClusterMode clusterMode() {
            return ClusterMode.SANDBOX;
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
