package dev.converge.portal.experiments;

import java.util.regex.Pattern;

import dev.converge.portal.shared.web.InvalidInput;

/** MLflow ids and names as the portal accepts them in a URL, before they reach MLflow. */
final class Ids {

    /** Experiment and run ids: MLflow's are digits or 32 hex characters; other servers use similar tokens. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}");
    private static final int MAX_NAME = 256;

    private Ids() {
    }

    static String check(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw InvalidInput.field(field, "mlflow.error.id");
        }
        return id;
    }

    static String modelName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInput.field("name", "mlflow.error.modelName");
        }
        return name;
    }

    static String version(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw InvalidInput.field("version", "mlflow.error.version");
        }
        return version;
    }
}
