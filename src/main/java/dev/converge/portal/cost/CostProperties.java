package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pricing catalog and the cost feature's settings ({@code portal.cost.*}). Every rate is per hour; the defaults
 * are OpenCost's published defaults. A rate that is about 730 times off its default (a monthly price typed as
 * hourly, or an hourly one divided again) stops the start, naming the property and the rate expected: OpenCost
 * users keep meeting prices that are 730× off (opencost#3781, #4020).
 *
 * @param currency        ISO code shown with every amount
 * @param hoursPerMonth   the month every monthly figure uses (OpenCost: 730)
 * @param rates           the default hourly rates, for zones without rates of their own
 * @param gpuTypes        hourly rate per GPU of a type (node label {@code nvidia.com/gpu.product}); others cost {@code rates.gpu}
 * @param zones           per zone: rates that differ from the defaults, and the spot discount there
 * @param sampleInterval  how often pod usage is read from metrics.k8s.io and kept for recommendations; 0 = never
 * @param observedWindow  how far back recommendations look at usage
 * @param snapshotInterval how often today's snapshot is rewritten (one row set per day: the last run of a day wins)
 * @param productionNamespaces namespaces (regular expression) never advised to move to spot
 * @param developmentNamespaces namespaces (regular expression) advised to scale to zero outside working hours (the
 *        hours are the deployments' {@code portal.deployments.working-hours}, which that schedule applies)
 */
@Validated
@ConfigurationProperties(prefix = "portal.cost")
public record CostProperties(
        @NotBlank @Pattern(regexp = "[A-Z]{3}") @DefaultValue("USD") String currency,
        @Min(1) @DefaultValue("730") int hoursPerMonth,
        @NotNull @Valid @DefaultValue Rates rates,
        Map<String, @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal> gpuTypes,
        Map<String, @NotNull @Valid ZoneRates> zones,
        @NotNull @DefaultValue("5m") Duration sampleInterval,
        @NotNull @DefaultValue("7d") Duration observedWindow,
        @NotNull @DefaultValue("1h") Duration snapshotInterval,
        @NotBlank @DefaultValue(".*prod.*") String productionNamespaces,
        @NotBlank @DefaultValue(".*-dev|dev-.*|.*-test") String developmentNamespaces) {

    /** OpenCost's defaults, per hour. */
    public static final BigDecimal DEFAULT_CPU = new BigDecimal("0.031611");
    public static final BigDecimal DEFAULT_MEMORY = new BigDecimal("0.004237");
    public static final BigDecimal DEFAULT_GPU = new BigDecimal("0.95");
    public static final BigDecimal DEFAULT_STORAGE = new BigDecimal("0.00005479452");
    /** A rate this many times above or below its default is taken for a unit mix-up (√730 ≈ 27). */
    static final BigDecimal MIX_UP_FACTOR = new BigDecimal("27");

    public CostProperties {
        gpuTypes = gpuTypes == null ? Map.of() : new TreeMap<>(gpuTypes);
        zones = zones == null ? Map.of() : new TreeMap<>(zones);
        var mistakes = new ArrayList<String>();
        if (rates != null) {
            check("portal.cost.rates.cpu", rates.cpu(), DEFAULT_CPU, hoursPerMonth, mistakes);
            check("portal.cost.rates.memory", rates.memory(), DEFAULT_MEMORY, hoursPerMonth, mistakes);
            check("portal.cost.rates.gpu", rates.gpu(), DEFAULT_GPU, hoursPerMonth, mistakes);
            check("portal.cost.rates.storage", rates.storage(), DEFAULT_STORAGE, hoursPerMonth, mistakes);
        }
        gpuTypes.forEach((type, rate) ->
                check("portal.cost.gpu-types." + type, rate, DEFAULT_GPU, hoursPerMonth, mistakes));
        zones.forEach((zone, z) -> {
            if (z == null) {
                return;
            }
            var prefix = "portal.cost.zones." + zone + ".";
            check(prefix + "cpu", z.cpu(), DEFAULT_CPU, hoursPerMonth, mistakes);
            check(prefix + "memory", z.memory(), DEFAULT_MEMORY, hoursPerMonth, mistakes);
            check(prefix + "gpu", z.gpu(), DEFAULT_GPU, hoursPerMonth, mistakes);
            check(prefix + "storage", z.storage(), DEFAULT_STORAGE, hoursPerMonth, mistakes);
        });
        if (!mistakes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", mistakes));
        }
    }

    /**
     * Adds a sentence to {@code mistakes} when {@code rate} looks like a monthly price (far above the default) or an
     * hourly price divided by the hours of a month once more (far below), with the hourly rate it probably meant.
     */
    static void check(String property, BigDecimal rate, BigDecimal reference, int hoursPerMonth,
                      List<String> mistakes) {
        if (rate == null || rate.signum() <= 0) {
            return;
        }
        var hours = BigDecimal.valueOf(hoursPerMonth);
        if (rate.compareTo(reference.multiply(MIX_UP_FACTOR)) >= 0) {
            mistakes.add(property + "=" + rate.toPlainString() + " looks like a monthly price typed as an hourly rate;"
                    + " an hourly rate near " + reference.toPlainString() + " was expected (" + rate.toPlainString()
                    + " / " + hoursPerMonth + " = " + rate.divide(hours, 8, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() + " per hour)");
        } else if (rate.multiply(MIX_UP_FACTOR).compareTo(reference) <= 0) {
            mistakes.add(property + "=" + rate.toPlainString() + " looks like an hourly rate divided by "
                    + hoursPerMonth + " once more; an hourly rate near " + reference.toPlainString()
                    + " was expected (" + rate.toPlainString() + " × " + hoursPerMonth + " = "
                    + rate.multiply(hours).stripTrailingZeros().toPlainString() + " per hour)");
        }
    }

    /** Hourly rates: per vCPU, per GiB of memory, per GPU, per GiB of storage. */
    public record Rates(
            @NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("0.031611") BigDecimal cpu,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("0.004237") BigDecimal memory,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("0.95") BigDecimal gpu,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("0.00005479452") BigDecimal storage) {
    }

    /** A zone's hourly rates where they differ from the defaults (null = the default) and its spot discount. */
    public record ZoneRates(
            @DecimalMin(value = "0", inclusive = false) BigDecimal cpu,
            @DecimalMin(value = "0", inclusive = false) BigDecimal memory,
            @DecimalMin(value = "0", inclusive = false) BigDecimal gpu,
            @DecimalMin(value = "0", inclusive = false) BigDecimal storage,
            @DecimalMin("0") @DecimalMax("0.95") @DefaultValue("0") BigDecimal spotDiscount) {
    }
}
