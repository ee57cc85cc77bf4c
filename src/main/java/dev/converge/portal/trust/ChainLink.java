package dev.converge.portal.trust;

/**
 * One link of a provenance chain as the scorecard shows it: {@code step} is artifact, build, image, deployment or
 * mlflow; {@code label} what it is (a key, a build name, an image reference); {@code ok} whether the link holds;
 * {@code path} where it is seen in the portal (null: nowhere).
 */
public record ChainLink(String step, String label, boolean ok, String path) {
}
