package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The catalog binds with OpenCost's defaults and refuses, at start, rates that are about 730 times off. */
class CostPropertiesTests {

    @Configuration
    @EnableConfigurationProperties(CostProperties.class)
    static class Catalog {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Catalog.class);

    @Test
    void withoutSettingsTheRatesAreOpenCostsDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            var properties = context.getBean(CostProperties.class);
            assertThat(properties.rates().cpu()).isEqualByComparingTo("0.031611");
            assertThat(properties.rates().memory()).isEqualByComparingTo("0.004237");
            assertThat(properties.rates().gpu()).isEqualByComparingTo("0.95");
            assertThat(properties.rates().storage()).isEqualByComparingTo("0.00005479452");
            assertThat(properties.hoursPerMonth()).isEqualTo(730);
            assertThat(properties.currency()).isEqualTo("USD");
        });
    }

    @Test
    void aMonthlyPriceTypedAsHourlyStopsTheStartNamingThePropertyAndTheRateExpected() {
        // 23.076 is 0.031611 × 730: the monthly price of a vCPU
        runner.withPropertyValues("portal.cost.rates.cpu=23.076").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("portal.cost.rates.cpu=23.076", "monthly price typed as an hourly rate",
                            "near 0.031611", "23.076 / 730 = 0.03161096");
        });
    }

    @Test
    void anHourlyRateDividedOnceMoreIsRefusedToo() {
        runner.withPropertyValues("portal.cost.zones.zone-b.memory=0.0000058").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("portal.cost.zones.zone-b.memory=0.0000058", "divided by 730 once more",
                            "near 0.004237");
        });
    }

    @Test
    void gpuTypeRatesAreCheckedAgainstTheGpuDefault() {
        runner.withPropertyValues("portal.cost.gpu-types.nvidia-a100-80gb=2400").run(context ->
                assertThat(rootMessage(context.getStartupFailure()))
                        .contains("portal.cost.gpu-types.nvidia-a100-80gb=2400", "near 0.95"));
    }

    @Test
    void plausibleRatesOfZonesAndGpuTypesBind() {
        runner.withPropertyValues("portal.cost.zones.zone-b.cpu=0.028", "portal.cost.zones.zone-b.spot-discount=0.6",
                "portal.cost.gpu-types.nvidia-l4=0.8", "portal.cost.currency=EUR").run(context -> {
            assertThat(context).hasNotFailed();
            var catalog = new PricingCatalog(context.getBean(CostProperties.class));
            assertThat(catalog.in("zone-b").cpu()).isEqualByComparingTo("0.028");
            assertThat(catalog.in("zone-b").memory()).isEqualByComparingTo("0.004237");
            assertThat(catalog.in("zone-b").spotDiscount()).isEqualByComparingTo("0.6");
            assertThat(catalog.in("zone-a").cpu()).isEqualByComparingTo("0.031611");
            assertThat(catalog.in("zone-a").gpu("nvidia-l4")).isEqualByComparingTo("0.8");
            assertThat(catalog.in("zone-a").gpu("other")).isEqualByComparingTo("0.95");
            assertThat(catalog.currency()).isEqualTo("EUR");
        });
    }

    @Test
    void theCheckAloneSaysNothingAboutARateNearItsDefault() {
        var mistakes = new java.util.ArrayList<String>();
        CostProperties.check("p", new BigDecimal("0.05"), CostProperties.DEFAULT_CPU, 730, mistakes);
        CostProperties.check("p", new BigDecimal("0.002"), CostProperties.DEFAULT_CPU, 730, mistakes);
        assertThat(mistakes).isEmpty();
    }

    private static String rootMessage(Throwable failure) {
        var sb = new StringBuilder();
        for (var t = failure; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
