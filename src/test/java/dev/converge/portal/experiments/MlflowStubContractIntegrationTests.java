package dev.converge.portal.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.time.Duration;

import dev.converge.portal.platform.mlflow.MlflowStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract against the stub that speaks MLflow's documented REST API, plus the faults only a stub can cause:
 * MLflow down, slower than the read timeout, refusing the portal's credentials. Pages then answer 503 in words,
 * never later than the timeout.
 */
class MlflowStubContractIntegrationTests extends MlflowContract {

    static final MlflowStub STUB = MlflowStub.start();
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @DynamicPropertySource
    static void mlflow(DynamicPropertyRegistry registry) {
        registry.add("portal.mlflow.tracking-uri", () -> STUB.uri().toString());
        registry.add("portal.mlflow.read-timeout", READ_TIMEOUT::toString);
    }

    @Override
    protected URI trackingUri() {
        return STUB.uri();
    }

    @AfterEach
    void heal() {
        STUB.healthy();
    }

    @Test
    void aSlowMlflowIsGivenUpOnAtTheTimeoutWithA503() throws Exception {
        var delay = READ_TIMEOUT.plusSeconds(3);
        STUB.delay(delay);
        long start = System.nanoTime();
        api("viewer", "/mlflow/experiments/" + experimentId).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("did not answer")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(delay);
        start = System.nanoTime();
        page("viewer", "/mlflow/runs/" + runIds.get(0)).andExpect(status().isServiceUnavailable());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(delay);
    }

    @Test
    void refusedCredentialsAreA503ThatSaysSo() throws Exception {
        STUB.requireToken("not-what-the-portal-sends");
        page("viewer", "/mlflow/experiments").andExpect(status().isServiceUnavailable());
        api("viewer", "/mlflow/models").andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("refused the portal")));
    }

    @Test
    void anMlflowThatAnswersGarbageIsA503NotA500() throws Exception {
        STUB.failWith(502, "<html>proxy error</html>");
        api("viewer", "/mlflow/experiments").andExpect(status().isServiceUnavailable());
    }
}
