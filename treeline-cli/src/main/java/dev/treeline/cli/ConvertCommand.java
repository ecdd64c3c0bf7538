package dev.treeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code treeline models convert}: the old property format (no longer read by the services) into one definition file
 * per model. Works offline: no service is asked.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, description = {
        "Convert the old model properties into definition files, one <model>.yaml per model (offline).",
        "Reads data-prep's treeline.models.\"<model>\".* and, with --tuning, tuning's treeline.tuning.models.\"<model>\".*"
                + " (joined by model name): split.hash-column becomes data.key-column, max-jobs tuning.max-trials,"
                + " max-parallel-jobs tuning.parallel-trials. Keys of a %profile. prefix count only for --profile"
                + " (then they win over plain keys); other profiles' keys are skipped and named.",
        "Exit 1 when a model could not be converted (the others are written)."})
final class ConvertCommand implements Callable<Integer> {

    static final String SCHEMA_FILE = "common-events/src/main/resources/dev/treeline/events/definition/"
            + "model-definition.schema.json";
    static final String SCHEMA_URL = "https://treeline.dev/schemas/model-definition.schema.json";

    @Option(names = "--data-prep", required = true, description = "data-prep's properties file (application.properties)")
    Path dataPrep;
    @Option(names = "--tuning", description = "tuning-service's properties file")
    Path tuning;
    @Option(names = "--out", required = true, description = "Folder for the definition files (created)")
    Path out;
    @Option(names = "--profile", defaultValue = "prod",
            description = "Which %profile. keys count (default ${DEFAULT-VALUE}, what a deployed service runs)")
    String profile;
    @Option(names = "--force", description = "Overwrite definition files that exist")
    boolean force;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PropertiesConverter.Result result = PropertiesConverter.convert(load(dataPrep),
                tuning == null ? null : load(tuning), profile);
        Files.createDirectories(out);
        String header = "# yaml-language-server: $schema=" + schemaReference(out) + "\n"
                + "# converted by `treeline models convert` from " + dataPrep.getFileName()
                + (tuning == null ? "" : " and " + tuning.getFileName()) + "\n";
        int failed = result.problems().size();
        for (Map.Entry<String, ObjectNode> definition : result.definitions().entrySet()) {
            Path file = out.resolve(definition.getKey() + ".yaml");
            if (Files.exists(file) && !force) {
                err.println("skipped " + definition.getKey() + ": " + file + " exists (--force overwrites)");
                failed++;
                continue;
            }
            Files.writeString(file, header + ModelsCommand.yaml(definition.getValue()));
            stdout.println("wrote " + file);
        }
        result.notes().forEach(note -> err.println("note " + note));
        result.problems().forEach(problem -> err.println("skipped " + problem));
        stdout.println(result.definitions().size() + " definition(s) in " + out + (failed == 0 ? ""
                : ", " + failed + " model(s) not converted") + "; check them with: ./treeline models validate -f "
                + out.resolve("<model>.yaml") + ", apply with: ./treeline models apply -f " + out);
        stdout.flush();
        err.flush();
        return failed == 0 ? 0 : CliException.INVALID;
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_REQUEST, "cannot read " + file + ": " + e.getMessage());
        }
        return properties;
    }

    /** The schema file relative to the output folder when it lies in this repository, else the schema's id. */
    static String schemaReference(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        for (Path up = dir; up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve(SCHEMA_FILE))) {
                return dir.relativize(up.resolve(SCHEMA_FILE)).toString();
            }
        }
        return SCHEMA_URL;
    }
}
