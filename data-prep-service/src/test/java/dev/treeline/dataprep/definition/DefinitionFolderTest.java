package dev.treeline.dataprep.definition;

import static dev.treeline.dataprep.definition.DefinitionsClient.model;
import static dev.treeline.dataprep.definition.DefinitionsClient.put;
import static dev.treeline.dataprep.definition.DefinitionsClient.yaml;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The definitions folder of the test profile (target/test-classes/definitions, a build output): every test
 * definition was loaded from it at start-up; files written here are picked up by the scan.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DefinitionFolderTest {

    static final Path FOLDER = Path.of("target/test-classes/definitions");
    static final List<String> WRITTEN = List.of("folder-a.yaml", "folder-b.yml", "folder-broken.yaml",
            "folder-misnamed.yaml");

    @Inject
    DefinitionFolder folder;

    @AfterEach
    void removeWrittenFiles() throws IOException {
        for (String file : WRITTEN) {
            Files.deleteIfExists(FOLDER.resolve(file));
        }
        folder.scan();
    }

    @Test
    void everyTestDefinitionWasAppliedFromTheFolderAtStartUp() throws IOException {
        List<String> listed = asViewer().when().get("/models").then().statusCode(200).extract().jsonPath()
                .getList("models.findAll { it.source == 'folder' }.name", String.class);
        try (var files = Files.list(FOLDER)) {
            assertThat(listed).containsAll(files.map(f -> f.getFileName().toString().replaceFirst("\\.ya?ml$", ""))
                    .filter(n -> !n.startsWith("folder-")).toList());
        }
        JsonPath housePrices = model("house-prices");
        assertThat(housePrices.getString("definition.data.key-column")).isEqualTo("id");
        assertThat(housePrices.getList("definition.data.ignore-columns")).containsExactly("sold_on", "city");
        assertThat(housePrices.getString("schedule")).isEqualTo("0 0 3 * * ?");
    }

    @Test
    void aNewFileIsPickedUpAChangedFileMakesAFolderRevisionAndARemovedFileRetiresItsModel() throws IOException {
        write("folder-a.yaml", yaml("folder-a", "first", null));
        // the periodic scan picks it up, no call needed
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> asViewer().when()
                .get("/models/folder-a").statusCode() == 200);
        JsonPath created = model("folder-a");
        assertThat(created.getInt("revision")).isEqualTo(1);
        assertThat(created.getString("source")).isEqualTo("folder");
        assertThat(created.getString("origin")).isEqualTo("folder-a.yaml");
        assertThat(created.getString("appliedBy")).isEqualTo("folder");

        folder.scan(); // unchanged file: no revision
        assertThat(model("folder-a").getInt("revision")).isEqualTo(1);

        write("folder-a.yaml", yaml("folder-a", "second", null));
        folder.scan();
        JsonPath changed = model("folder-a");
        assertThat(changed.getInt("revision")).isEqualTo(2);
        assertThat(changed.getString("description")).isEqualTo("second");
        assertThat(changed.getString("revisions[0].by")).isEqualTo("folder");
        assertThat(changed.getString("revisions[0].changes[0].path")).isEqualTo("description");

        // folder-owned: the API may not change it
        put("folder-a", yaml("folder-a", "from the api", null)).statusCode(409)
                .body("detail", containsString("model folder-a is defined by file folder-a.yaml in the definitions"
                        + " folder"));

        Files.delete(FOLDER.resolve("folder-a.yaml"));
        folder.scan();
        JsonPath retired = model("folder-a");
        assertThat(retired.getBoolean("retired")).isTrue();
        assertThat(retired.getInt("revision")).isEqualTo(3);
        assertThat(retired.getString("revisions[0].action")).isEqualTo("retired");
        assertThat(retired.getString("revisions[0].source")).isEqualTo("folder");

        // retired by the folder, the model is free again: the API may define it
        put("folder-a", yaml("folder-a", "from the api", null)).statusCode(200);
        assertThat(model("folder-a").getString("source")).isEqualTo("api");
    }

    @Test
    void anInvalidOrMisnamedFileChangesNothingAndDoesNotStopTheOthers() throws IOException {
        write("folder-broken.yaml", yaml("folder-broken", "first", null));
        folder.scan();
        assertThat(model("folder-broken").getInt("revision")).isEqualTo(1);

        write("folder-broken.yaml", "name: folder-broken\ndata: {query: 1}\ntask: {}\n");
        write("folder-misnamed.yaml", yaml("something-else", "x", null));
        write("folder-b.yml", yaml("folder-b", "b", null));
        folder.scan();

        assertThat(model("folder-b").getInt("revision")).isEqualTo(1);
        assertThat(model("folder-b").getString("origin")).isEqualTo("folder-b.yml");
        JsonPath broken = model("folder-broken");
        assertThat(broken.getInt("revision")).isEqualTo(1); // the stored revision stands
        assertThat(broken.getBoolean("retired")).isFalse(); // an invalid file is not a removed file
        asViewer().when().get("/models/folder-misnamed").then().statusCode(404);
        asViewer().when().get("/models/something-else").then().statusCode(404);
    }

    private static void write(String file, String text) throws IOException {
        Files.writeString(FOLDER.resolve(file), text);
    }
}
