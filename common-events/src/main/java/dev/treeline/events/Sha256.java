package dev.treeline.events;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated string is a SHA-256 digest as 64 lowercase hex characters, the form consumers
 * compare downloaded bytes against. {@code null} is accepted; add {@code @NotNull} where required.
 */
@Documented
@Pattern(regexp = "[0-9a-f]{64}")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface Sha256 {

    String message() default "must be 64 lowercase hex characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
