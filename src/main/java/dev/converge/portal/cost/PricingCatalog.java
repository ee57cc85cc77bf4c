package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * The rates of {@link CostProperties} per zone: a zone's own rate where one is configured, the default otherwise;
 * a GPU of a configured type costs that type's rate in every zone.
 */
@Component
public class PricingCatalog {

    private final CostProperties properties;

    public PricingCatalog(CostProperties properties) {
        this.properties = properties;
    }

    public String currency() {
        return properties.currency();
    }

    public int hoursPerMonth() {
        return properties.hoursPerMonth();
    }

    public ZonePrices in(String zone) {
        var rates = properties.rates();
        var own = zone == null ? null : properties.zones().get(zone);
        if (own == null) {
            return new ZonePrices(zone, rates.cpu(), rates.memory(), rates.gpu(), properties.gpuTypes(),
                    rates.storage(), BigDecimal.ZERO);
        }
        return new ZonePrices(zone, or(own.cpu(), rates.cpu()), or(own.memory(), rates.memory()),
                or(own.gpu(), rates.gpu()), properties.gpuTypes(), or(own.storage(), rates.storage()),
                own.spotDiscount() == null ? BigDecimal.ZERO : own.spotDiscount());
    }

    /** The catalog as the admin page shows it: the defaults (zone null) and each configured or given zone. */
    public List<ZonePrices> table(SortedSet<String> clusterZones) {
        var zones = new TreeSet<>(clusterZones);
        zones.addAll(properties.zones().keySet());
        var rows = new java.util.ArrayList<ZonePrices>();
        rows.add(in(null));
        zones.forEach(zone -> rows.add(in(zone)));
        return rows;
    }

    public SortedSet<String> gpuTypes() {
        return new TreeSet<>(properties.gpuTypes().keySet());
    }

    private static BigDecimal or(BigDecimal value, BigDecimal fallback) {
        return value == null ? fallback : value;
    }
}
