package dev.converge.portal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class HealthLivePublisherTests {

    private final LiveScheduler scheduler = new LiveScheduler();
    private final List<LiveEvent> published = new CopyOnWriteArrayList<>();
    private final AtomicReference<ComponentHealth> kubernetes =
            new AtomicReference<>(ComponentHealth.up("Kubernetes reachable", Map.of("secret", "hidden")));

    @AfterEach
    void stop() {
        scheduler.destroy();
    }

    private HealthLivePublisher publisher() {
        var beans = new StaticListableBeanFactory();
        beans.addBean("kubernetes", check("kubernetes", kubernetes::get));
        beans.addBean("database", check("database", () -> ComponentHealth.up("Database reachable", Map.of())));
        return new HealthLivePublisher(beans.getBeanProvider(ReadinessCheck.class), published::add,
                LiveFixtures.fragments(), scheduler, LiveFixtures.properties(Map.of()));
    }

    @Test
    void publishesOnlyWhenAComponentChanges() {
        var publisher = publisher();

        publisher.compare();
        publisher.compare();
        assertThat(published).hasSize(1);
        var first = published.get(0);
        assertThat(first.name()).isEqualTo("health-status");
        assertThat(first.namespace()).isNull();
        assertThat(first.html()).contains("database", "kubernetes", "Kubernetes reachable").doesNotContain("hidden");

        kubernetes.set(ComponentHealth.down("Kubernetes unreachable", Map.of()));
        publisher.compare();

        assertThat(published).hasSize(2);
        assertThat(published.get(1).html()).contains("Kubernetes unreachable", "Down");
        assertThat(publisher.current()).extracting(ComponentStatus::component).containsExactly("database",
                "kubernetes");
    }

    @Test
    void aPageOpenedBeforeTheFirstIntervalStillShowsTheComponents() {
        var publisher = publisher();

        assertThat(publisher.current()).extracting(ComponentStatus::component).containsExactly("database",
                "kubernetes");
    }

    @Test
    void aFailingCheckIsShownDownInsteadOfStoppingTheOthers() {
        kubernetes.set(null);
        var publisher = publisher();

        publisher.compare();

        assertThat(published.get(0).html()).contains("Check failed");
        assertThat(published.get(0).html()).contains("Database reachable");
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<ComponentHealth> health) {
        return new ReadinessCheck() {
            @Override
            public String component() {
                return name;
            }

            @Override
            public ComponentHealth check() {
                var result = health.get();
                if (result == null) {
                    throw new IllegalStateException("boom");
                }
                return result;
            }
        };
    }
}
