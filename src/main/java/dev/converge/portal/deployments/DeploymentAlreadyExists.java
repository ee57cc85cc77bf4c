package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.shared.web.Conflict;

/** A deployment of that name already exists in the namespace. */
public final class DeploymentAlreadyExists extends Conflict {

    private DeploymentAlreadyExists(String nameError, Object[] nameArgs, String code, Object... args) {
        super(Map.of("name", nameError), Map.of("name", nameArgs), code, args);
    }

    /** A Service or autoscaler of the name exists that the portal did not make: it is left alone. */
    static DeploymentAlreadyExists nameTakenBy(String namespace, String name, String kind) {
        return new DeploymentAlreadyExists("deployments.error.name.takenByOther", new Object[] {kind},
                "deployments.error.nameTakenByOther", namespace, name, kind);
    }

    public static DeploymentAlreadyExists named(String namespace, String name) {
        return new DeploymentAlreadyExists("deployments.error.name.taken", new Object[0], "deployments.error.exists",
                namespace, name);
    }
}
