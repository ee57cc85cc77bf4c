package dev.converge.portal.platform.kubernetes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.converge.portal.PortalProperties;
import org.springframework.stereotype.Component;

/**
 * Which namespace each team owns. A team is known when {@code portal.teams} lists it or a configured user belongs to
 * it; its namespace is the team's name unless {@code portal.teams[i].namespace} says otherwise.
 */
@Component
public class TeamDirectory {

    private final Map<String, String> namespaceByTeam;

    public TeamDirectory(PortalProperties properties) {
        var map = new LinkedHashMap<String, String>();
        properties.teams().forEach(team -> map.put(team.name(), team.namespaceOrName()));
        properties.security().users().forEach(user -> user.teams().forEach(team -> map.putIfAbsent(team, team)));
        this.namespaceByTeam = Collections.unmodifiableMap(map);
    }

    public SortedSet<String> teams() {
        return new TreeSet<>(namespaceByTeam.keySet());
    }

    public String namespaceOf(String team) {
        return namespaceByTeam.getOrDefault(team, team);
    }

    public SortedSet<String> namespacesOf(Set<String> teams) {
        var namespaces = new TreeSet<String>();
        teams.forEach(team -> namespaces.add(namespaceOf(team)));
        return namespaces;
    }

    /** Every team namespace: what the sandbox creates and what team-scoped informers watch. */
    public SortedSet<String> allNamespaces() {
        return new TreeSet<>(namespaceByTeam.values());
    }

    /** The team owning a namespace, or the namespace itself when no team claims it. */
    public String teamOf(String namespace) {
        return namespaceByTeam.entrySet().stream()
                .filter(entry -> entry.getValue().equals(namespace))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(namespace);
    }
}
