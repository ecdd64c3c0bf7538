package dev.treeline.events;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ModelGroupName} with the same rule as {@link ModelGroupNames#requireValid}. */
public class ModelGroupNameValidator implements ConstraintValidator<ModelGroupName, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || ModelGroupNames.isValid(value);
    }
}
