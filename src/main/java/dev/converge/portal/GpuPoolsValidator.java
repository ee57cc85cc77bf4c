package dev.converge.portal;

import dev.converge.portal.PortalProperties;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ValidGpuPools}: each violation is reported on the pool's own field. */
public class GpuPoolsValidator implements ConstraintValidator<ValidGpuPools, PortalProperties.Sandbox> {

    @Override
    public boolean isValid(PortalProperties.Sandbox sandbox, ConstraintValidatorContext context) {
        if (sandbox == null || sandbox.gpuPools() == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        var valid = true;
        for (int i = 0; i < sandbox.gpuPools().size(); i++) {
            var pool = sandbox.gpuPools().get(i);
            if (pool == null) {
                continue;
            }
            if (pool.zone() != null && sandbox.zones() != null && !sandbox.zones().contains(pool.zone())) {
                valid = false;
                reject(context, i, "zone", "portal.sandbox.gpu-pools[" + i + "].zone: '" + pool.zone()
                        + "' is not one of portal.sandbox.zones "
                        + sandbox.zones());
            }
            if (pool.gpuType() != null && sandbox.gpuTypes() != null && !sandbox.gpuTypes().contains(pool.gpuType())) {
                valid = false;
                reject(context, i, "gpuType", "portal.sandbox.gpu-pools[" + i + "].gpu-type: '" + pool.gpuType()
                        + "' is not one of portal.sandbox.gpu-types " + sandbox.gpuTypes());
            }
        }
        return valid;
    }

    /** The message names the property as it is written in configuration, whatever reports it. */
    private static void reject(ConstraintValidatorContext context, int index, String field, String message) {
        // Escaped so configured values are never interpreted as message expressions.
        var template = message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        context.buildConstraintViolationWithTemplate(template)
                .addPropertyNode("gpuPools")
                .addPropertyNode(field).inIterable().atIndex(index)
                .addConstraintViolation();
    }
}
