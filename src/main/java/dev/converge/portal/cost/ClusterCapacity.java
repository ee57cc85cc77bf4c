package dev.converge.portal.cost;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.deployments.Zones;
import org.springframework.stereotype.Component;

/** {@link Capacity} from the deployments feature's view of the nodes in the informer cache (the same room it shows). */
@Component
class ClusterCapacity implements Capacity {

    private final Zones zones;
    private final DeploymentViews views;

    ClusterCapacity(Zones zones, DeploymentViews views) {
        this.zones = zones;
        this.views = views;
    }

    @Override
    public SortedSet<String> zones() {
        return zones.names();
    }

    @Override
    public SortedSet<String> gpuTypes() {
        var types = new TreeSet<String>();
        zones.names().forEach(zone -> types.addAll(zones.gpuTypesIn(zone)));
        return types;
    }

    @Override
    public Map<String, Integer> room(String cpu, String memory, int gpus, String gpuType) {
        var room = new TreeMap<>(views.room(new DeploymentSpec.Resources(cpu, memory, gpus, gpuType)));
        room.keySet().removeIf(zone -> zones.closure(zone).isPresent());
        return room;
    }
}
