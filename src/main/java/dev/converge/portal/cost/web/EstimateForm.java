package dev.converge.portal.cost.web;

import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.cost.EstimateRequest;

/**
 * The estimate page's form (GET, so a quote is a link). Numbers arrive as text: what is no number becomes a value
 * the estimator refuses with the field's own message, instead of a binding error without one.
 */
public class EstimateForm {

    private String namespace;
    private String cpu;
    private String memory;
    private String storage;
    private String gpu = "0";
    private String gpuType;
    private String replicas = "1";
    private List<String> zones = new ArrayList<>();
    private String zoneStrategy = EstimateRequest.ANY;
    private String hoursPerDay = "24";
    private String daysPerWeek = "7";
    private boolean spot;
    private boolean autoscaling;
    private String min = "1";
    private String max = "3";
    private String expectedAverage;

    /** Whether the form was filled in at all (a first visit shows no errors). */
    boolean isFilled() {
        return cpu != null || memory != null;
    }

    EstimateRequest toRequest() {
        return new EstimateRequest(blank(namespace) ? null : namespace, cpu, memory, storage, whole(gpu, 0),
                blank(gpuType) ? null : gpuType, whole(replicas, 1), zones, zoneStrategy, decimal(hoursPerDay, 24),
                decimal(daysPerWeek, 7), spot, autoscaling ? new EstimateRequest.Autoscaling(whole(min, 1),
                whole(max, null), blank(expectedAverage) ? null : decimal(expectedAverage, null)) : null);
    }

    static Integer whole(String text, Integer fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Double decimal(String text, Integer fallback) {
        if (blank(text)) {
            return fallback == null ? null : fallback.doubleValue();
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getCpu() { return cpu; }
    public void setCpu(String cpu) { this.cpu = cpu; }
    public String getMemory() { return memory; }
    public void setMemory(String memory) { this.memory = memory; }
    public String getStorage() { return storage; }
    public void setStorage(String storage) { this.storage = storage; }
    public String getGpu() { return gpu; }
    public void setGpu(String gpu) { this.gpu = gpu; }
    public String getGpuType() { return gpuType; }
    public void setGpuType(String gpuType) { this.gpuType = gpuType; }
    public String getReplicas() { return replicas; }
    public void setReplicas(String replicas) { this.replicas = replicas; }
    public List<String> getZones() { return zones; }
    public void setZones(List<String> zones) { this.zones = zones == null ? new ArrayList<>() : zones; }
    public String getZoneStrategy() { return zoneStrategy; }
    public void setZoneStrategy(String zoneStrategy) { this.zoneStrategy = zoneStrategy; }
    public String getHoursPerDay() { return hoursPerDay; }
    public void setHoursPerDay(String hoursPerDay) { this.hoursPerDay = hoursPerDay; }
    public String getDaysPerWeek() { return daysPerWeek; }
    public void setDaysPerWeek(String daysPerWeek) { this.daysPerWeek = daysPerWeek; }
    public boolean isSpot() { return spot; }
    public void setSpot(boolean spot) { this.spot = spot; }
    public boolean isAutoscaling() { return autoscaling; }
    public void setAutoscaling(boolean autoscaling) { this.autoscaling = autoscaling; }
    public String getMin() { return min; }
    public void setMin(String min) { this.min = min; }
    public String getMax() { return max; }
    public void setMax(String max) { this.max = max; }
    public String getExpectedAverage() { return expectedAverage; }
    public void setExpectedAverage(String expectedAverage) { this.expectedAverage = expectedAverage; }
}
