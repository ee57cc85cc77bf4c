package dev.converge.portal.deployments;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When {@code schedule: working-hours} deployments run ({@code portal.deployments.working-hours}): on these days,
 * from {@code start} to {@code end} (24-hour {@code HH:mm}, {@code end} after {@code start}) in {@code time-zone}.
 * Outside them {@link WorkingHoursScaler} keeps such a Deployment at 0 replicas. The cost feature prices the
 * scale-to-zero advice with {@link #hoursPerWeek()}.
 */
@Validated
@ConfigurationProperties(prefix = "portal.deployments.working-hours")
public record WorkingHours(
        @NotEmpty @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) List<DayOfWeek> days,
        @NotBlank @DefaultValue("08:00") String start,
        @NotBlank @DefaultValue("18:00") String end,
        @NotBlank @DefaultValue("UTC") String timeZone) {

    public WorkingHours {
        days = days == null || days.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(days));
        var from = time("portal.deployments.working-hours.start", start);
        var to = time("portal.deployments.working-hours.end", end);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("portal.deployments.working-hours.end=" + end
                    + " must be after portal.deployments.working-hours.start=" + start);
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("portal.deployments.working-hours.time-zone=" + timeZone
                    + " is no time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    public static WorkingHours defaults() {
        return new WorkingHours(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), "08:00", "18:00", "UTC");
    }

    /** Whether {@code instant} falls within the working hours. */
    public boolean contains(Instant instant) {
        var local = instant.atZone(ZoneId.of(timeZone));
        var time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(LocalTime.parse(start))
                && time.isBefore(LocalTime.parse(end));
    }

    /** The days as shown on the deployment form: "Mon, Tue, Wed, Thu, Fri". */
    public String daysText() {
        return String.join(", ", days.stream()
                .map(day -> day.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)).toList());
    }

    /** The hours a week within the working hours (days × daily hours). */
    public double hoursPerWeek() {
        return days.size() * hoursPerDay();
    }

    /** The hours of one working day. */
    public double hoursPerDay() {
        return Duration.between(LocalTime.parse(start), LocalTime.parse(end)).toMinutes() / 60d;
    }

    private static LocalTime time(String property, String text) {
        try {
            if (text != null && text.matches("[0-2][0-9]:[0-5][0-9]")) {
                return LocalTime.parse(text);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new IllegalArgumentException(property + "=" + text + " is no time of day as HH:mm (e.g. 08:00)");
    }
}
