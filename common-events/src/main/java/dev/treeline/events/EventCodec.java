package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Turns {@link EventEnvelope}s into JSON and back. Both directions validate: a producer cannot
 * publish an invalid event, and a consumer never sees one; either way the
 * {@link InvalidEventException} lists every problem as {@code path: message}.
 *
 * <p>Thread-safe and meant to be reused; {@link #shared()} is the instance for classes that
 * are created reflectively, such as Kafka serdes.
 */
public final class EventCodec {

    private final ObjectMapper mapper;
    private final Validator validator;

    public EventCodec() {
        this.mapper = newMapper();
        this.validator = newValidator();
    }

    private static final class Shared {
        static final EventCodec INSTANCE = new EventCodec();
    }

    /** One codec per JVM, created on first use. */
    public static EventCodec shared() {
        return Shared.INSTANCE;
    }

    /**
     * JSON for {@code event}.
     *
     * @throws InvalidEventException if the event is invalid; nothing is written then
     */
    public byte[] encode(EventEnvelope<?> event) {
        validate(event);
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(heading(event) + " could not be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks an event the way {@link #encode} does, e.g. to answer a REST caller before publishing.
     *
     * @throws InvalidEventException listing every problem
     */
    public void validate(EventEnvelope<?> event) {
        Objects.requireNonNull(event, "event");
        List<String> problems = problems(event, Set.of());
        if (!problems.isEmpty()) {
            throw new InvalidEventException(heading(event), problems);
        }
    }

    /**
     * Reads an event of any type.
     *
     * @throws InvalidEventException if the bytes are not JSON, the type or schema version is not
     *                               one this build reads, or the event is invalid
     */
    public EventEnvelope<?> decode(byte[] json) {
        return read(json, null);
    }

    /**
     * Reads an event that must carry an {@code expected} payload.
     *
     * @throws InvalidEventException as {@link #decode(byte[])}, or if the event is of another type
     */
    public <P extends EventPayload> EventEnvelope<P> decode(byte[] json, Class<P> expected) {
        Objects.requireNonNull(expected, "expected");
        @SuppressWarnings("unchecked") // the type check below guarantees P
        EventEnvelope<P> event = (EventEnvelope<P>) read(json, expected);
        return event;
    }

    private EventEnvelope<?> read(byte[] json, Class<? extends EventPayload> expected) {
        JsonNode tree = parse(json);
        String id = textOf(tree.get("eventId"));
        String idSuffix = id == null ? "" : " " + id;

        JsonNode typeNode = tree.get("type");
        String typeName = textOf(typeNode);
        if (typeName == null) {
            throw new InvalidEventException("event" + idSuffix + " has no type; this build knows: "
                    + EventType.knownNames());
        }
        EventType type = EventType.byName(typeName).orElseThrow(() -> new InvalidEventException(
                "unknown event type '" + typeName + "' in event" + idSuffix + "; this build knows: "
                        + EventType.knownNames()));
        if (expected != null && type.payloadClass() != expected) {
            throw new InvalidEventException("expected a " + expected.getSimpleName() + " event but event"
                    + idSuffix + " is " + type.wireName());
        }
        int version = checkSchemaVersion(type, tree.get("schemaVersion"), idSuffix);
        if (version < type.schemaVersion()) {
            tree = Upcasters.upcast(type, version, (com.fasterxml.jackson.databind.node.ObjectNode) tree);
        }

        // A missing primitive would silently bind as 0 or false, so look for those in the tree.
        List<String> problems = new ArrayList<>();
        Set<String> reportedPaths = new HashSet<>();
        findMissingPrimitives(type.payloadClass(), tree.get("payload"), "payload", problems, reportedPaths);

        String heading = "invalid " + type.wireName() + " event" + idSuffix;
        EventEnvelope<?> event;
        try {
            JavaType envelopeType = mapper.getTypeFactory()
                    .constructParametricType(EventEnvelope.class, type.payloadClass());
            event = mapper.treeToValue(tree, envelopeType);
        } catch (JsonMappingException e) {
            problems.add(pathOf(e) + ": " + describe(e));
            throw new InvalidEventException(heading, problems);
        } catch (JsonProcessingException e) {
            problems.add(e.getOriginalMessage());
            throw new InvalidEventException(heading, problems);
        }
        problems.addAll(problems(event, reportedPaths));
        if (!problems.isEmpty()) {
            throw new InvalidEventException(heading, problems);
        }
        return event;
    }

    private JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("not valid JSON: empty input");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new InvalidEventException("not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidEventException("not valid JSON: empty input");
        }
        if (!tree.isObject()) {
            throw new InvalidEventException("an event must be a JSON object, not " + tree.getNodeType());
        }
        return tree;
    }

    private static int checkSchemaVersion(EventType type, JsonNode node, String idSuffix) {
        String reads = "this build reads schemaVersion " + type.readableVersions();
        if (node == null || node.isNull()) {
            throw new InvalidEventException(type.wireName() + " event" + idSuffix + " has no schemaVersion; " + reads);
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidEventException(type.wireName() + " schemaVersion " + node
                    + " is not a whole number; " + reads);
        }
        if (!type.readsSchemaVersion(node.intValue())) {
            throw new InvalidEventException(type.wireName() + " schemaVersion " + node.intValue()
                    + " is not supported; " + reads);
        }
        return node.intValue();
    }

    /** Records every primitive component of {@code recordType} (recursively) absent or null in {@code node}. */
    private static void findMissingPrimitives(Class<?> recordType, JsonNode node, String path,
                                              List<String> problems, Set<String> reportedPaths) {
        if (!recordType.isRecord() || node == null || !node.isObject()) {
            return; // a missing record is reported by @NotNull
        }
        for (RecordComponent component : recordType.getRecordComponents()) {
            String componentPath = path + "." + component.getName();
            JsonNode value = node.get(component.getName());
            if (component.getType().isPrimitive()) {
                if (value == null || value.isNull()) {
                    problems.add(componentPath + (value == null ? ": is missing" : ": must not be null"));
                    reportedPaths.add(componentPath);
                }
            } else {
                findMissingPrimitives(component.getType(), value, componentPath, problems, reportedPaths);
            }
        }
    }

    /** Bean Validation violations plus the envelope rules annotations cannot express, sorted by path. */
    private List<String> problems(EventEnvelope<?> event, Set<String> alreadyReported) {
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<?> violation : validator.validate(event)) {
            String path = format(violation.getPropertyPath());
            if (!alreadyReported.contains(path)) {
                problems.add(path + ": " + violation.getMessage());
            }
        }
        problems.sort(null); // HV returns a Set; sorted, the same event always gives the same message

        EventPayload payload = event.payload();
        if (payload != null && event.type() != null) {
            EventType payloadType = EventType.forPayload(payload.getClass());
            if (payloadType != event.type()) {
                problems.add("type: " + event.type().wireName() + " does not match the payload, which is a "
                        + payloadType.wireName());
            } else if (event.schemaVersion() != event.type().schemaVersion()) {
                // Decoding upcasts older versions, so an event in hand is always of the version this build writes.
                problems.add("schemaVersion: " + event.schemaVersion() + " is not supported; this build uses "
                        + event.type().schemaVersion());
            }
        }
        if (payload != null && event.subject() != null && payload.modelGroup() != null
                && !event.subject().equals(payload.modelGroup())) {
            problems.add("subject: '" + event.subject() + "' must equal the payload's model group '"
                    + payload.modelGroup() + "' (it is the Kafka key that keeps one model's events in order)");
        }
        return problems;
    }

    /** {@code payload.featureNames[2]} rather than HV's {@code payload.featureNames[2].<list element>}. */
    private static String format(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT
                    && node.getName() != null && !node.getName().isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(node.getName());
            }
        }
        return out.isEmpty() ? "event" : out.toString();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "event" : out.toString();
    }

    /** Jackson's reason in one line, without its source excerpts. */
    private static String describe(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            Class<?> target = invalid.getTargetType();
            if (target.isEnum()) {
                return "'" + invalid.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants());
            }
            return "cannot read '" + invalid.getValue() + "' as " + target.getSimpleName();
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return firstLine(e.getCause().getMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String textOf(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String heading(EventEnvelope<?> event) {
        String type = event.type() == null ? "" : event.type().wireName() + " ";
        String id = event.eventId() == null ? "" : " " + event.eventId();
        return "invalid " + type + "event" + id;
    }

    private static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // ISO-8601 text ("2026-11-24T10:15:30.123Z"), readable in any language and in logs.
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Same event, same bytes.
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                // Optional fields are left out rather than written as null.
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.ALWAYS))
                // Newer producers may add optional fields; older consumers must keep working.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Nulls and missing values are reported by validation with a path, not by Jackson;
                // missing primitives are caught before binding.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                // No silent guesses: 1.5 is not an int, 0 is not an enum constant, and nothing may
                // follow the event.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static Validator newValidator() {
        // ParameterMessageInterpolator needs no Expression Language implementation. Messages are
        // English everywhere because they end up in dead-letter reasons that operators read.
        return Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator(
                        Set.of(Locale.ENGLISH), Locale.ENGLISH, context -> Locale.ENGLISH, false))
                .buildValidatorFactory()
                .getValidator();
    }
}
