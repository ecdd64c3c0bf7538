package dev.treeline.dataprep.definition;

import static dev.treeline.support.testing.ServiceApi.asOperator;
import static dev.treeline.support.testing.ServiceApi.asViewer;

import java.nio.charset.StandardCharsets;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Definitions over data-prep's REST API, as the CLI uses them. */
public final class DefinitionsClient {

    private DefinitionsClient() {
    }

    /** A valid definition on the test warehouse table house_sales, as YAML; {@code extra} is appended. */
    public static String yaml(String name, String description, String extra) {
        return """
                name: %s
                description: %s
                owner: team-pricing
                tags: [test]
                data:
                  layer: demo
                  query: select id, price, size_m2, rooms from house_sales where sold_on between :dateStart and :dateEnd
                  label-column: price
                  key-column: id
                task:
                  objective: reg:squarederror
                """.formatted(name, description) + (extra == null ? "" : extra);
    }

    public static ValidatableResponse put(String name, String yaml) {
        return asOperator().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).when().put("/models/" + name).then();
    }

    static ValidatableResponse putJson(String name, String json) {
        return asOperator().contentType(ContentType.JSON).body(json).when().put("/models/" + name).then();
    }

    public static JsonPath model(String name) {
        return asViewer().when().get("/models/" + name).then().statusCode(200).extract().jsonPath();
    }
}
