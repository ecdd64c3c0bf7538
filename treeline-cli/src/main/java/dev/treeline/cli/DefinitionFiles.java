package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.treeline.events.definition.InvalidDefinitionException;
import dev.treeline.events.definition.ModelDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Definition files as {@code models apply|diff|validate -f} read them: one file, or every {@code *.yaml} /
 * {@code *.yml} of a folder (not its subfolders), in name order. One model per file, named like the file.
 */
final class DefinitionFiles {

    /** One file's document. */
    record DefinitionFile(Path file, String name, JsonNode tree) {
    }

    /** What was read, and what could not be (file: problem), all at once. */
    record Read(List<DefinitionFile> files, List<String> problems) {
    }

    private DefinitionFiles() {
    }

    static boolean isDefinitionFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** The file name without {@code .yaml} / {@code .yml}: the model it must define. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    static Read read(Path fileOrFolder) {
        List<Path> paths;
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> listed = Files.list(fileOrFolder)) {
                paths = listed.filter(DefinitionFiles::isDefinitionFile).sorted().toList();
            } catch (IOException e) {
                throw new CliException(CliException.BAD_REQUEST, "cannot list " + fileOrFolder + ": " + e.getMessage());
            }
            if (paths.isEmpty()) {
                throw new CliException(CliException.BAD_REQUEST, "no *.yaml or *.yml file in " + fileOrFolder);
            }
        } else if (Files.isRegularFile(fileOrFolder)) {
            paths = List.of(fileOrFolder);
        } else {
            throw new CliException(CliException.BAD_REQUEST, fileOrFolder + " is neither a file nor a folder");
        }
        List<DefinitionFile> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path path : paths) {
            JsonNode tree;
            try {
                tree = ModelDefinitions.readTree(Files.readString(path));
            } catch (IOException e) {
                problems.add(path + ": cannot read: " + e.getMessage());
                continue;
            } catch (InvalidDefinitionException e) {
                problems.add(path + ": " + e.getMessage());
                continue;
            }
            if (!tree.isObject()) {
                problems.add(path + ": not a definition (a mapping of name, data, task, ...)");
                continue;
            }
            String name = tree.path("name").asText("");
            if (name.isBlank()) {
                problems.add(path + ": name: missing");
                continue;
            }
            if (!name.equals(baseName(path))) {
                problems.add(path + ": name: the file defines '" + name + "'; name the file " + name + ".yaml");
                continue;
            }
            Path earlier = byName.putIfAbsent(name, path);
            if (earlier != null) {
                problems.add(path + ": name: '" + name + "' is defined by " + earlier + " too");
                continue;
            }
            files.add(new DefinitionFile(path, name, tree));
        }
        return new Read(files, problems);
    }

    /** The one file of {@code -f FILE}, or exit 1 with the problem. */
    static DefinitionFile single(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException(CliException.BAD_REQUEST, file + " is a folder: give one definition file");
        }
        Read read = read(file);
        if (!read.problems().isEmpty()) {
            throw new CliException(CliException.INVALID, String.join("\n", read.problems()));
        }
        return read.files().get(0);
    }
}
