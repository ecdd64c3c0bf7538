package dev.treeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.treeline.tuning.api.TuningJobViews;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON exactly as the tuning API writes it: its own view records (tuning-service's {@code TuningJobViews}) serialized
 * the way Quarkus' Jackson does (dates as ISO-8601 text), so a CLI column that names a field the API does not return
 * shows up as a failing test, and a renamed API field too.
 */
final class TuningApiShapes {

    private static final ObjectMapper AS_QUARKUS_WRITES = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TuningApiShapes() {
    }

    /** One row of {@code GET /tuning-jobs}: the given name, creation time and trial count, sample values elsewhere. */
    static String jobSummary(String name, Instant created, int trials) throws Exception {
        Map<String, Object> values = Map.of("name", name, "datetime", created, "trainingJobCount", trials);
        RecordComponent[] components = TuningJobViews.JobSummary.class.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            arguments[i] = values.containsKey(components[i].getName()) ? values.get(components[i].getName())
                    : sample(types[i]);
        }
        Constructor<TuningJobViews.JobSummary> canonical = TuningJobViews.JobSummary.class
                .getDeclaredConstructor(types);
        return AS_QUARKUS_WRITES.writeValueAsString(canonical.newInstance(arguments));
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "sample";
        } else if (type == int.class || type == Integer.class) {
            return 3;
        } else if (type == long.class || type == Long.class) {
            return 7L;
        } else if (type == double.class || type == Double.class) {
            return 0.25;
        } else if (type == boolean.class || type == Boolean.class) {
            return false;
        } else if (type == Instant.class) {
            return Instant.parse("2026-11-24T00:00:00Z");
        } else if (List.class.isAssignableFrom(type)) {
            return List.of();
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        return null;
    }

    /** A table row's cells by column header (columns start where their header starts). */
    static Map<String, String> cells(String headerLine, String rowLine) {
        Matcher header = Pattern.compile("\\S+(?: \\S+)*").matcher(headerLine);
        List<int[]> spans = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        while (header.find()) {
            spans.add(new int[] {header.start()});
            names.add(header.group());
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int start = Math.min(spans.get(i)[0], rowLine.length());
            int end = i + 1 < names.size() ? Math.min(spans.get(i + 1)[0], rowLine.length()) : rowLine.length();
            cells.put(names.get(i), rowLine.substring(start, end).strip());
        }
        return cells;
    }
}
