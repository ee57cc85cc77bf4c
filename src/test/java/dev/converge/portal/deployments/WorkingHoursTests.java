package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class WorkingHoursTests {

    private final WorkingHours office = WorkingHours.defaults(); // Mon–Fri 08:00–18:00 UTC

    @Test
    void withinTheDaysFromStartUntilEnd() {
        // 2026-11-30 is a Monday, 2026-12-05 a Saturday
        assertThat(office.contains(Instant.parse("2026-11-30T08:00:00Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-11-30T17:59:59Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-11-30T18:00:00Z"))).isFalse();
        assertThat(office.contains(Instant.parse("2026-11-30T07:59:59Z"))).isFalse();
        assertThat(office.contains(Instant.parse("2026-12-05T10:00:00Z"))).isFalse();
        assertThat(office.hoursPerWeek()).isEqualTo(50);
        assertThat(office.daysText()).isEqualTo("Mon, Tue, Wed, Thu, Fri");
    }

    @Test
    void theTimeZoneDecidesTheDayAndHour() {
        var berlin = new WorkingHours(List.of(DayOfWeek.MONDAY), "09:00", "17:30", "Europe/Berlin");
        // 08:00 UTC on a Monday in winter is 09:00 in Berlin
        assertThat(berlin.contains(Instant.parse("2026-11-30T08:00:00Z"))).isTrue();
        assertThat(berlin.contains(Instant.parse("2026-11-30T16:30:00Z"))).isFalse();
        assertThat(berlin.hoursPerWeek()).isEqualTo(8.5);
    }

    @Test
    void badSettingsStopTheStartNamingTheProperty() {
        assertThatThrownBy(() -> new WorkingHours(List.of(DayOfWeek.MONDAY), "18:00", "08:00", "UTC"))
                .hasMessageContaining("portal.deployments.working-hours.end=08:00 must be after");
        assertThatThrownBy(() -> new WorkingHours(List.of(DayOfWeek.MONDAY), "8am", "18:00", "UTC"))
                .hasMessageContaining("portal.deployments.working-hours.start=8am");
        assertThatThrownBy(() -> new WorkingHours(List.of(DayOfWeek.MONDAY), "08:00", "18:00", "Mars/Olympus"))
                .hasMessageContaining("portal.deployments.working-hours.time-zone=Mars/Olympus");
    }
}
