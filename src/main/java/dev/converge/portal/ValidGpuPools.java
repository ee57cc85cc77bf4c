package dev.converge.portal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Every GPU pool of the sandbox names a zone from {@code portal.sandbox.zones} and a type from
 * {@code portal.sandbox.gpu-types}; a violation names the offending pool's property, e.g.
 * {@code portal.sandbox.gpu-pools[0].gpu-type}.
 */
@Documented
@Constraint(validatedBy = GpuPoolsValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidGpuPools {

    String message() default "GPU pools must use configured zones and GPU types";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
