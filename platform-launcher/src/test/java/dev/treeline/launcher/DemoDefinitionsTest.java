package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.cli.SchemaKeys;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.launcher.demo.DemoModel;
import dev.treeline.launcher.demo.DemoWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo models as plain definition files (examples/models): what the demo warehouse holds, nothing else. */
class DemoDefinitionsTest {

    static final String SCHEMA_LINE = "# yaml-language-server: $schema=../../common-events/src/main/resources/dev/"
            + "treeline/events/definition/model-definition.schema.json";

    @Test
    void everyDemoModelHasAFileWithItsTableQueryColumnsAndBudget() throws Exception {
        Path folder = LocalPlatformTest.repositoryRoot().resolve("examples/models");
        assertThat(folder.resolve(SCHEMA_LINE.substring(SCHEMA_LINE.indexOf('=') + 1))).as("the schema line's path")
                .isRegularFile();
        for (DemoModel model : DemoModel.values()) {
            Path file = folder.resolve(model.group() + ".yaml");
            String text = Files.readString(file);
            assertThat(text.lines().findFirst()).as(file.toString()).hasValue(SCHEMA_LINE);
            assertThat(SchemaKeys.problems(ModelDefinitions.readTree(text))).as(file.toString()).isEmpty();
            ModelDefinition definition = ModelDefinitions.parse(text);

            assertThat(definition.name()).isEqualTo(model.group());
            assertThat(definition.description()).isNotBlank();
            assertThat(definition.owner()).isNotBlank();
            assertThat(definition.tags()).contains("demo");
            assertThat(definition.task().objective()).isEqualTo(model.objective());
            assertThat(definition.data().labelColumn()).isEqualTo(model.label());
            assertThat(definition.data().keyColumn()).isEqualTo("id");
            assertThat(definition.data().featureColumns()).isEqualTo(model.features());
            // the column rule: every query column is the key, the label or a feature
            List<String> columns = new ArrayList<>(List.of("id", model.label()));
            columns.addAll(model.features());
            assertThat(definition.data().query().replaceAll("\\s+", " ")).isEqualTo("select "
                    + String.join(", ", columns) + " from " + model.table() + " where " + model.dateColumn()
                    + " between :dateStart and :dateEnd");
            assertThat(definition.data().window().start()).isEqualTo(DemoWarehouse.FIRST_DAY);
            assertThat(definition.data().window().pushbackDays()).isZero();
            assertThat(definition.drift().threshold()).isEqualTo(0.2);
            assertThat(definition.drift().cooldown()).isEqualTo(Duration.ofMinutes(10));
            assertThat(definition.tuning().maxTrials()).as("a laptop finishes it in a minute or two").isEqualTo(12);
            assertThat(definition.tuning().ranges().get("num_round").max()).isEqualTo(300);
        }
        try (var files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly(
                    "customer-churn.yaml", "delivery-times.yaml", "house-prices.yaml", "support-tickets.yaml");
        }
    }
}
