package dev.converge.portal.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.converge.portal.shared.health.HealthState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveReadinessCheckTests {

    private final LiveScheduler scheduler = new LiveScheduler();
    private final SseHub hub = LiveFixtures.hub(Map.of(), scheduler, new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        hub.destroy();
        scheduler.destroy();
    }

    @Test
    void theHubIsUpWhileItStreamsAndDownOnceStopped() {
        var check = new LiveReadinessCheck(hub);
        hub.start();

        var running = check.check();
        assertThat(running.state()).isEqualTo(HealthState.UP);
        assertThat(running.summary()).isEqualTo("Streaming live changes");
        assertThat(running.details()).containsEntry("streams", 0);

        hub.stop();
        assertThat(check.check().state()).isEqualTo(HealthState.DOWN);
        assertThat(check.check().summary()).isEqualTo("Live updates stopped");
    }
}
