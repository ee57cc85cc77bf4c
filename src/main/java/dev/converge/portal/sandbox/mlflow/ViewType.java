package dev.converge.portal.sandbox.mlflow;

import java.util.List;
import java.util.Optional;

/** MLflow's {@code ViewType}: which lifecycle stages a search returns. */
enum ViewType {
    ACTIVE_ONLY(List.of(ExperimentStore.ACTIVE)),
    DELETED_ONLY(List.of(ExperimentStore.DELETED)),
    ALL(List.of(ExperimentStore.ACTIVE, ExperimentStore.DELETED));

    private final List<String> stages;

    ViewType(List<String> stages) {
        this.stages = stages;
    }

    List<String> stages() {
        return stages;
    }

    /** Absent is ACTIVE_ONLY; numbers are the protobuf enum values (1, 2, 3). */
    static ViewType parse(Optional<String> value, String parameter) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return ACTIVE_ONLY;
        }
        return switch (value.get()) {
            case "ACTIVE_ONLY", "1" -> ACTIVE_ONLY;
            case "DELETED_ONLY", "2" -> DELETED_ONLY;
            case "ALL", "3" -> ALL;
            default -> throw MlflowError.invalidParameter("Invalid value \"" + value.get() + "\" for parameter '"
                    + parameter + "' supplied. It must be one of ACTIVE_ONLY, DELETED_ONLY, ALL");
        };
    }
}
