package dev.treeline.dataprep.definition.validate;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.treeline.events.definition.InvalidDefinitionException;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * Checks a definition document before anything is stored or run: every problem named with its field path and
 * why, all at once. Never throws for bad input.
 *
 * <p>FOUNDATION SKELETON: binding and Bean Validation only; the schema and the semantic checks come next.
 */
@ApplicationScoped
public class DefinitionValidator {

    private final Validator validator;

    public DefinitionValidator(Validator validator) {
        this.validator = validator;
    }

    /**
     * @param tree the document (YAML or JSON, as a tree)
     * @return the bound definition (defaults filled) when there is no problem, and the problems otherwise
     */
    public Checked check(JsonNode tree) {
        List<Violation> problems = new ArrayList<>();
        ModelDefinition definition;
        try {
            definition = ModelDefinitions.bind(tree);
        } catch (InvalidDefinitionException e) {
            return new Checked(null, List.of(new Violation("", e.getMessage())));
        }
        for (ConstraintViolation<ModelDefinition> v : validator.validate(definition)) {
            problems.add(new Violation(v.getPropertyPath().toString(), v.getMessage()));
        }
        return new Checked(problems.isEmpty() ? definition : null, problems);
    }

    /**
     * The outcome of {@link #check}.
     *
     * @param definition the definition, defaults filled; null when there are problems
     * @param problems   field path (dotted, kebab-case as in the document, e.g. {@code tuning.max-trials}) and why
     */
    public record Checked(ModelDefinition definition, List<Violation> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }
}
