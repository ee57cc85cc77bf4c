package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/**
 * Base of what the deployment manager refuses or fails at: a plain sentence for the user, the HTTP status it maps
 * to, and the fields (as named in the JSON body, e.g. {@code resources.cpu}) a form or an API client got wrong.
 */
public abstract class DeploymentProblem extends PortalException {

    protected DeploymentProblem(int status, String message, Map<String, String> fieldErrors, Throwable cause) {
        super(HttpStatus.valueOf(status), fieldErrors, message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
