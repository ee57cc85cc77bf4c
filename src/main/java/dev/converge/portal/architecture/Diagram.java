package dev.converge.portal.architecture;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One Mermaid source of {@code docs/architecture/}: its name (the file name without {@code .mmd}), its title (its
 * {@code %% title} comment) and the nodes its {@code %% link} comments make clickable. The diagram itself is drawn in the
 * browser; the server reads only what it needs for the page around it (headings and the list of components, which
 * also serve readers without JavaScript).
 */
public record Diagram(String name, String title, List<DiagramNode> nodes) {

    private static final Pattern TITLE = Pattern.compile("^%%\\s+title\\s+(.+)$");
    private static final Pattern LINK = Pattern.compile("^%%\\s+link\\s+(\\S+)\\s+(\\S+)\\s+#(\\S+)\\s*$");
    private static final Pattern STATUS = Pattern.compile("^%%\\s+status\\s+(\\S+)\\s+(\\S+)\\s*$");
    /** Flowchart nodes ({@code id["Label"]}, {@code id(["Label"])}, {@code id[("Label")]} …) and sequence participants. */
    private static final Pattern FLOW_NODE = Pattern.compile("\\b([A-Za-z][\\w-]*)\\s*[\\[({]+\"([^\"]+)\"");
    private static final Pattern PARTICIPANT = Pattern.compile("^\\s*(?:participant|actor)\\s+(\\w+)(?:\\s+as\\s+(.+))?$");

    public Diagram {
        nodes = List.copyOf(nodes);
    }

    static Diagram parse(String name, String source) {
        var lines = source.lines().toList();
        var title = lines.stream().map(TITLE::matcher).filter(java.util.regex.Matcher::matches).findFirst()
                .map(match -> match.group(1).strip()).orElse(name);
        var labels = new java.util.HashMap<String, String>();
        var statuses = new java.util.HashMap<String, String>();
        for (var line : lines) {
            var flow = FLOW_NODE.matcher(line);
            while (flow.find()) {
                labels.putIfAbsent(flow.group(1), flow.group(2));
            }
            var participant = PARTICIPANT.matcher(line);
            if (participant.matches()) {
                labels.putIfAbsent(participant.group(1),
                        participant.group(2) == null ? participant.group(1) : participant.group(2).strip());
            }
            var status = STATUS.matcher(line);
            if (status.matches()) {
                statuses.put(status.group(1), status.group(2));
            }
        }
        var nodes = lines.stream().map(LINK::matcher).filter(java.util.regex.Matcher::matches)
                .map(link -> new DiagramNode(link.group(1), labels.getOrDefault(link.group(1), link.group(1)),
                        link.group(2), link.group(3), statuses.get(link.group(1))))
                .toList();
        return new Diagram(name, title, nodes);
    }
}
