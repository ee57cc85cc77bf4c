package dev.converge.portal.cost;

import java.util.Map;
import java.util.SortedSet;

/** What the estimator needs to know of the cluster: its zones, their GPU types, and the room each has. */
public interface Capacity {

    SortedSet<String> zones();

    SortedSet<String> gpuTypes();

    /** Per open zone, how many more pods of this size fit now (closed zones are left out). */
    Map<String, Integer> room(String cpu, String memory, int gpus, String gpuType);
}
