package dev.converge.portal.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.converge.portal.platform.mlflow.MlflowEndpoint;
import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowProperties;
import dev.converge.portal.platform.mlflow.MlflowRejected;
import dev.converge.portal.platform.mlflow.MlflowSeeder;
import dev.converge.portal.platform.mlflow.MlflowStub;
import dev.converge.portal.platform.mlflow.MlflowUnavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The duration index against the documented-API stub: read whole once, then no call at all while fresh, two small
 * searches for what changed after that, read whole again after {@link RunDurations#REBUILD_AFTER}.
 */
class RunDurationsTests {

    static final long T0 = 1_700_000_000_000L;

    MlflowStub stub;
    MlflowSeeder seeder;
    MlflowGateway gateway;
    MutableClock clock;
    RunDurations durations;
    String experimentId;

    @BeforeEach
    void start() {
        stub = MlflowStub.start();
        seeder = new MlflowSeeder(stub.uri());
        var properties = MlflowProperties.of(stub.uri().toString());
        gateway = new MlflowGateway(MlflowEndpoint.configured(properties), properties);
        clock = new MutableClock(Instant.ofEpochMilli(T0 + 3_600_000));
        durations = new RunDurations(gateway, clock);
        experimentId = seeder.experiment("durations");
        seeder.timedRun(experimentId, "five", T0, T0 + 300_000);
        seeder.timedRun(experimentId, "one", T0 + 1_000, T0 + 61_000);
    }

    @AfterEach
    void stop() {
        seeder.close();
        stub.close();
    }

    @Test
    void freshIndexesCostNoCallAndStaleOnesTwoSmallSearches() {
        var first = page(false);
        assertThat(first.total()).isEqualTo(2);
        int calls = stub.requests();
        page(false);
        assertThat(stub.requests()).as("fresh: no call").isEqualTo(calls);

        var running = seeder.timedRun(experimentId, "running", T0 + 2_000, null);
        var twenty = seeder.timedRun(experimentId, "twenty", T0 + 3_000, T0 + 1_203_000);
        assertThat(page(false).total()).as("not looked at again yet").isEqualTo(2);

        clock.advance(RunDurations.FRESH_FOR.plusSeconds(1));
        calls = stub.requests();
        var slice = page(false);
        assertThat(stub.requests() - calls).as("runs started since, runs ended since").isEqualTo(2);
        assertThat(slice.runIds()).hasSize(4).startsWith(running, twenty);
    }

    @Test
    void aRunThatEndsMovesToItsDuration() {
        var running = seeder.timedRun(experimentId, "running", T0 + 2_000, null);
        var hour = seeder.timedRun(experimentId, "almost an hour", T0 + 4_000, T0 + 3_594_000);
        assertThat(page(false).runIds()).startsWith(running, hour);
        try (var client = new org.mlflow.tracking.MlflowClient(stub.uri().toString())) {
            // it ends (its end a little before the portal's now: the tracking server's clock may be behind)
            client.setTerminated(running, org.mlflow.api.proto.Service.RunStatus.KILLED, clock.millis() - 30_000);
        }
        clock.advance(RunDurations.FRESH_FOR.plusSeconds(1));
        assertThat(page(false).runIds()).startsWith(hour, running);
    }

    @Test
    void theIndexIsReadWholeAgainAfterAWhile() {
        page(false);
        clock.advance(RunDurations.REBUILD_AFTER.plusSeconds(1));
        int calls = stub.requests();
        assertThat(page(false).total()).isEqualTo(2);
        assertThat(stub.requests() - calls).as("one page of up to 5,000 runs").isEqualTo(1);
    }

    @Test
    void pagesAreSlicesOfOneOrder() {
        seeder.timedRun(experimentId, "ten", T0 + 5_000, T0 + 605_000);
        var firstTwo = durations.page(experimentId, null, false, 0, 2).runIds();
        var rest = durations.page(experimentId, null, false, 2, 2).runIds();
        assertThat(firstTwo).hasSize(2).doesNotContainAnyElementsOf(rest);
        assertThat(rest).hasSize(1);
        assertThat(durations.page(experimentId, null, false, 40, 2).runIds()).isEmpty();
    }

    @Test
    void aFilterMlflowRefusesIsItsError() {
        assertThatThrownBy(() -> durations.page(experimentId, "metrics.x >>> 1", false, 0, 10))
                .isInstanceOfSatisfying(MlflowRejected.class, rejected -> {
                    assertThat(rejected.field()).isEqualTo("filter");
                    assertThat(rejected.mlflowMessage()).contains("metrics.x >>> 1");
                });
    }

    @Test
    void anIndexThatCannotBeReadWithinItsBudgetSaysSo() {
        stub.bulkRuns(experimentId, 2_500, 1, 1);
        stub.delay(Duration.ofMillis(100));
        var slow = new RunDurations(gateway, clock, Duration.ofMillis(150));
        int before = stub.requests();
        assertThatThrownBy(() -> slow.page(experimentId, null, false, 0, 50))
                .isInstanceOfSatisfying(MlflowUnavailable.class, unavailable -> {
                    assertThat(unavailable.detailCode()).isEqualTo("mlflow.error.sort.durationSlow");
                    assertThat(unavailable.getMessage()).containsPattern("\\((1000|2000) runs read\\)");
                });
        assertThat(stub.requests() - before).as("no call once the budget is spent").isLessThan(3);
    }

    @Test
    void theIndexIsReadInPagesOfAThousandRuns() {
        stub.bulkRuns(experimentId, 2_500, 1, 1);
        int before = stub.requests();
        assertThat(page(false).total()).isEqualTo(2_502);
        assertThat(stub.requests() - before).as("2,502 runs, %d a call", RunDurations.READ_PAGE).isEqualTo(3);
    }

    private RunDurations.Slice page(boolean ascending) {
        return durations.page(experimentId, null, ascending, 0, 50);
    }

    static final class MutableClock extends Clock {
        private Instant instant;

        MutableClock(Instant instant) {
            this.instant = instant;
        }

        void advance(Duration by) {
            instant = instant.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return instant;
        }
    }
}
