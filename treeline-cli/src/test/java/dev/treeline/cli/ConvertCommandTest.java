package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code treeline models convert} on the services' last property files (data-prep's and tuning's application.properties
 * as of the definitions contract, copied under old-properties/): every output parses, binds and has only the schema's
 * keys, and means what the properties meant.
 */
class ConvertCommandTest {

    @TempDir
    Path dir;

    private CliRun convert(String... args) {
        String[] all = Stream.concat(Stream.of("models", "convert"), Stream.of(args)).toArray(String[]::new);
        return CliRun.of(all);
    }

    private static Path old(String file) {
        return Path.of("src/test/resources/old-properties").resolve(file).toAbsolutePath();
    }

    /** Every file of the folder: parsed and bound, after checking its first line and its keys against the schema. */
    private static Map<String, ModelDefinition> definitions(Path folder) throws IOException {
        Map<String, ModelDefinition> definitions = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).startsWith("# yaml-language-server: $schema=");
                assertThat(SchemaKeys.problems(ModelDefinitions.readTree(text))).as(file.toString()).isEmpty();
                ModelDefinition definition = ModelDefinitions.parse(text);
                assertThat(file.getFileName().toString()).isEqualTo(definition.name() + ".yaml");
                definitions.put(definition.name(), definition);
            }
        }
        return definitions;
    }

    @Test
    void dataPrepsTestSpecsConvertIntoOneValidFilePerModelWithTheSameMeaning() throws Exception {
        Path out = dir.resolve("defs");
        CliRun result = convert("--data-prep", old("data-prep.properties").toString(), "--out", out.toString(),
                "--profile", "test");

        assertThat(result.exit()).as(result.err()).isZero();
        Map<String, ModelDefinition> definitions = definitions(out);
        assertThat(definitions).containsOnlyKeys("house-prices", "house-prices-all", "no-label", "text-feature",
                "empty-window", "slow-prices", "nan-feature", "missing-table", "drift-demo", "scheduled-demo", "wide",
                "writes-insert", "writes-in-function", "too-slow", "drift-http");
        ModelDefinition houses = definitions.get("house-prices");
        assertThat(houses.data().keyColumn()).as("split.hash-column").isEqualTo("id");
        assertThat(houses.data().layer()).isEqualTo("demo");
        assertThat(houses.data().featureColumns()).containsExactly("size_m2", "rooms");
        assertThat(houses.data().ignoreColumns()).as("the columns the old format left out silently")
                .containsExactly("sold_on", "city");
        assertThat(houses.data().window().start()).hasToString("2020-01-01");
        assertThat(houses.data().window().pushbackDays()).isEqualTo(30);
        assertThat(houses.schedule()).isEqualTo("0 0 3 * * ?");
        assertThat(houses.task().objective()).isEqualTo("reg:squarederror");
        assertThat(houses.task().objectiveMetric()).isEqualTo("rmse");
        assertThat(definitions.get("too-slow").data().statementTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(definitions.get("drift-demo").drift().threshold()).isEqualTo(0.3);
        assertThat(definitions.get("drift-demo").drift().cooldown()).isEqualTo(Duration.ofSeconds(4));
        assertThat(definitions.get("text-feature").data().ignoreColumns()).isEmpty();
        assertThat(result.err()).contains("note house-prices-all: no feature-columns: features are now every column");
        assertThat(result.out()).contains("wrote " + out.resolve("house-prices.yaml")).contains("15 definition(s)");
        assertThat(Files.readString(out.resolve("wide.yaml"))).as("only what the properties said")
                .doesNotContain("tuning").doesNotContain("split");
    }

    @Test
    void keysOfOtherProfilesAreSkippedAndNamed() {
        CliRun result = convert("--data-prep", old("data-prep.properties").toString(), "--out",
                dir.resolve("prod").toString());
        assertThat(result.exit()).isZero();
        assertThat(result.err()).contains("skipped the model keys of profile %test (converting profile %prod; give"
                + " --profile test for those)");
        assertThat(dir.resolve("prod")).isEmptyDirectory();
    }

    @Test
    void tuningsTestSettingsJoinTheirDataPrepModelsWithTheNewNames() throws Exception {
        // tuning's test models have no data-prep spec in that file: give each one, as a user converting both would.
        StringBuilder dataPrep = new StringBuilder();
        for (String model : List.of("tune-reg", "tune-bin", "tune-testing", "tune-fail-all", "tune-warm",
                "tune-retrain")) {
            String prefix = "%test.treeline.models.\"" + model + "\".";
            dataPrep.append(prefix).append("layer=test\n").append(prefix).append("objective=reg:squarederror\n")
                    .append(prefix).append("query=select id, y, x from t where d between :dateStart and :dateEnd\n")
                    .append(prefix).append("label-column=y\n").append(prefix).append("split.hash-column=id\n");
        }
        Path dataPrepFile = Files.writeString(dir.resolve("data-prep.properties"), dataPrep.toString());
        Path out = dir.resolve("joined");

        CliRun result = convert("--data-prep", dataPrepFile.toString(), "--tuning", old("tuning.properties").toString(),
                "--out", out.toString(), "--profile", "test");

        assertThat(result.exit()).as(result.err()).isZero();
        Map<String, ModelDefinition> definitions = definitions(out);
        assertThat(definitions).hasSize(6);
        var reg = definitions.get("tune-reg").tuning();
        assertThat(reg.maxTrials()).as("max-jobs").isEqualTo(4);
        assertThat(reg.parallelTrials()).as("max-parallel-jobs").isEqualTo(2);
        assertThat(reg.earlyStoppingRounds()).isEqualTo(5);
        assertThat(reg.seed()).isEqualTo(42L);
        assertThat(reg.ranges().get("num_round").min()).isEqualTo(5);
        assertThat(reg.ranges().get("num_round").max()).isEqualTo(150);
        assertThat(reg.ranges().get("num_round").integer()).isTrue();
        assertThat(definitions.get("tune-fail-all").tuning().staticParameters()).containsEntry("tree_method", "exact")
                .containsEntry("max_depth", "0").containsEntry("num_round", "10");
        assertThat(definitions.get("tune-warm").tuning().transferBestConfigurations()).isEqualTo(2);
        assertThat(definitions.get("tune-bin").tuning().ranges()).containsKeys("num_round", "alpha", "gamma",
                "min_child_weight");
    }

    @Test
    void tuningSettingsWithoutADataPrepModelAreNamedAndTheRestIsWritten() throws Exception {
        Path out = dir.resolve("both");
        CliRun result = convert("--data-prep", old("data-prep.properties").toString(), "--tuning",
                old("tuning.properties").toString(), "--out", out.toString(), "--profile", "test");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("skipped tune-reg: tuning settings only").contains("skipped tune-retrain:");
        assertThat(definitions(out)).hasSize(15);
    }

    @Test
    void theOldDemoPropertiesBecomeTheExampleDefinitions() throws Exception {
        Path out = dir.resolve("demo");
        CliRun result = convert("--data-prep", old("demo-models.properties").toString(), "--tuning",
                old("demo-tuning.properties").toString(), "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();

        Map<String, ModelDefinition> converted = definitions(out);
        Map<String, ModelDefinition> examples = definitions(repositoryRoot().resolve("examples/models"));
        // the old properties knew three demo models; support-tickets (multi-class) was only ever a definition
        assertThat(converted.keySet()).containsExactlyInAnyOrder("customer-churn", "delivery-times", "house-prices");
        assertThat(examples.keySet()).containsAll(converted.keySet());
        // the old properties had no objective metric: churn's example now tunes on validation:auc
        converted.forEach((name, old) -> assertThat(ModelDefinitions.diff(old, examples.get(name)))
                .as(name).extracting(ModelDefinitions.Change::path)
                .allMatch(path -> List.of("description", "owner", "tags", "schedule", "task.objective-metric")
                        .contains(path)));
    }

    @Test
    void unknownOldKeysAndBadValuesAreProblemsNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), """
                treeline.models.m1.layer=x
                treeline.models.m1.objective=reg:squarederror
                treeline.models.m1.query=select id, y from t where d between :dateStart and :dateEnd
                treeline.models.m1.label-column=y
                treeline.models.m1.split.hash-column=id
                treeline.models.m1.split.hashcolumn=id
                treeline.models."m2".layer=x
                treeline.models."m2".window.pushback-days=soon
                """);
        CliRun result = convert("--data-prep", file.toString(), "--out", dir.resolve("bad").toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("skipped m1: treeline.models.\"m1\".split.hashcolumn: no such setting")
                .contains("skipped m2: treeline.models.\"m2\".window.pushback-days=soon: not a valid integer");
    }

    static Path repositoryRoot() {
        for (Path up = Path.of("").toAbsolutePath(); up != null; up = up.getParent()) {
            if (Files.isDirectory(up.resolve("examples/models"))) {
                return up;
            }
        }
        throw new IllegalStateException("no examples/models above " + Path.of("").toAbsolutePath());
    }
}
