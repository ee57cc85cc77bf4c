package dev.converge.portal.architecture;

/**
 * A clickable component of a diagram: its label, the portal page it stands for, the section of
 * {@code architecture.md} that describes it, and the readiness component whose state it shows (or null).
 */
public record DiagramNode(String id, String label, String page, String section, String component) {
}
