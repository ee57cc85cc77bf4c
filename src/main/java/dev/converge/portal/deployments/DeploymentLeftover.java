package dev.converge.portal.deployments;

import java.util.List;

/** A Service and/or autoscaler ({@code kinds}) the portal made for a deployment that no longer exists. */
public record DeploymentLeftover(String namespace, String name, List<String> kinds) {
}
