package dev.treeline.dataprep.definition.validate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * Checks a definition document before anything is stored or run: every problem named with its field path and
 * why, all at once. Never throws for bad input.
 *
 * <p>Three steps, each on what the one before left: the JSON Schema of common-events (unknown keys, types,
 * ranges, patterns; {@link DefinitionSchema}), binding (with Bean Validation as a safety net), and the checks the
 * schema cannot express ({@link DefinitionRules}: cron, query parameters, split sum, range bounds, column roles,
 * metric for the objective, timeouts, window start). A value the schema refuses is left out before binding, so the
 * other sections are still checked; a later step's problem about a field an earlier step already named is not
 * repeated.
 */
@ApplicationScoped
public class DefinitionValidator {

    /** Bindings retried after leaving out a value that does not bind. */
    private static final int MAX_BINDING_PROBLEMS = 20;

    private final Validator validator;
    private final Clock clock;
    private final DefinitionSchema schema = new DefinitionSchema();

    public DefinitionValidator(Validator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * @param tree the document (YAML or JSON, as a tree)
     * @return the bound definition (defaults filled) when there is no problem, and the problems otherwise
     */
    public Checked check(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new Checked(null, List.of(new Violation("", "the document is empty")));
        }
        DefinitionSchema.Outcome structure = schema.check(tree);
        List<Violation> problems = new ArrayList<>(structure.problems());
        if (structure.cleaned() == null) {
            return new Checked(null, problems);
        }
        ModelDefinition definition = bind(structure.cleaned(), problems);
        if (definition != null) {
            List<Violation> later = new ArrayList<>();
            for (ConstraintViolation<ModelDefinition> v : validator.validate(definition)) {
                later.add(new Violation(path(v.getPropertyPath()), v.getMessage()));
            }
            later.addAll(DefinitionRules.check(definition, LocalDate.now(clock.withZone(ZoneOffset.UTC))));
            List<Violation> earlier = List.copyOf(problems);
            for (Violation problem : later) {
                if (earlier.stream().noneMatch(p -> related(p.field(), problem.field()))) {
                    problems.add(problem);
                }
            }
        }
        return new Checked(problems.isEmpty() ? definition : null, List.copyOf(problems));
    }

    /** Binds, leaving out each value that does not bind (a problem each); null when nothing binds. */
    private static ModelDefinition bind(JsonNode document, List<Violation> problems) {
        for (int attempt = 0; attempt < MAX_BINDING_PROBLEMS; attempt++) {
            try {
                return ModelDefinitions.json().treeToValue(document, ModelDefinition.class);
            } catch (JsonMappingException e) {
                List<Object> field = new ArrayList<>();
                for (JsonMappingException.Reference ref : e.getPath()) {
                    field.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
                }
                problems.add(new Violation(DefinitionSchema.dotted(field), bindingMessage(e)));
                if (field.isEmpty()) {
                    return null;
                }
                DefinitionSchema.removeField(document, field);
            } catch (JsonProcessingException e) {
                problems.add(new Violation("", "the document cannot be read: " + e.getOriginalMessage()));
                return null;
            }
        }
        return null;
    }

    private static String bindingMessage(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            Class<?> type = invalid.getTargetType();
            if (type == LocalDate.class) {
                return "'" + invalid.getValue() + "' is not a date (YYYY-MM-DD)";
            }
            if (type == Duration.class) {
                return "'" + invalid.getValue() + "' is not an ISO-8601 duration such as PT10M";
            }
        }
        return "cannot be read: " + e.getOriginalMessage();
    }

    /** Bean Validation's path ({@code data.labelColumn}, {@code tuning.ranges[eta].min}) in document terms. */
    private static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getKey() != null) {
                    out.append('.').append(node.getKey());
                } else if (node.getIndex() != null) {
                    out.append('[').append(node.getIndex()).append(']');
                }
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                out.append('.').append(PropertyNamingStrategies.KebabCaseStrategy.INSTANCE
                        .translate(node.getName()));
            }
        }
        return out.length() > 0 && out.charAt(0) == '.' ? out.substring(1) : out.toString();
    }

    /** The same field, or one inside the other. */
    private static boolean related(String a, String b) {
        return a.equals(b) || a.isEmpty() || b.isEmpty() || b.startsWith(a + ".") || b.startsWith(a + "[")
                || a.startsWith(b + ".") || a.startsWith(b + "[");
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
