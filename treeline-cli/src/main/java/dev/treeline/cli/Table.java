package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints JSON arrays as aligned columns; nested values are shown compactly. */
final class Table {

    private Table() {
    }

    /**
     * @param columns "header=json.path" pairs; a path walks objects with dots, e.g. "status=approval.status"
     */
    static void print(PrintWriter out, JsonNode rows, String... columns) {
        List<String> headers = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String column : columns) {
            int eq = column.indexOf('=');
            headers.add(eq < 0 ? column : column.substring(0, eq));
            paths.add(eq < 0 ? column : column.substring(eq + 1));
        }
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            for (String path : paths) {
                line.add(text(at(row, path)));
            }
            cells.add(line);
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> line : cells) {
                widths[i] = Math.min(60, Math.max(widths[i], line.get(i).length()));
            }
        }
        out.println(line(headers, widths).toUpperCase());
        for (List<String> line : cells) {
            out.println(line(line, widths));
        }
        if (cells.isEmpty()) {
            out.println("(none)");
        }
        out.flush();
    }

    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null) {
                return null;
            }
            current = current.get(part);
        }
        return current;
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return value.toString();
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.length() > widths[i]) {
                value = value.substring(0, widths[i] - 1) + "…";
            }
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", value));
        }
        return line.toString().stripTrailing();
    }
}
