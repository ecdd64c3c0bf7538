package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The endpoint's models with the registry's tokens, verified locally: viewer reads, admin changes; no token, an
 * expired or foreign one, or HTTP Basic is 401, a token without the role 403.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class ManagementApiTest {

    static TestModels.Trained model;
    static final float[][] ROWS = TestModels.rows(3, 2);

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;

    @BeforeAll
    static void train() throws Exception {
        model = TestModels.train(9, 2f);
    }

    @AfterAll
    static void dispose() {
        model.booster().dispose();
    }

    private static RequestSpecification admin() {
        return as(TestTokens.token("admin", "admin"));
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void readingNeedsAViewerTokenAndChangesNeedAnAdminToken() {
        for (String path : List.of("/models", "/models/anything", "/promotions/pending")) {
            given().when().get(path).then().statusCode(401);
            // the deployer keeps no users: HTTP Basic is not accepted here (only the registry's token endpoint)
            given().auth().preemptive().basic("admin", "admin-secret").when().get(path).then().statusCode(401);
            as(TestTokens.signedByAStranger("admin", "admin")).when().get(path).then().statusCode(401);
            as(TestTokens.token("admin", Duration.ofMinutes(-2), "admin")).when().get(path).then().statusCode(401);
            as(TestTokens.withoutRole("viewer")).when().get(path).then().statusCode(403);
        }
        String viewer = TestTokens.token("vera", "viewer");
        as(viewer).when().get("/models").then().statusCode(200);
        as(viewer).when().get("/promotions/pending").then().statusCode(200);
        as(viewer).when().get("/models/not-served").then().statusCode(404);
        as(TestTokens.token("olga", "operator")).when().get("/models").then().statusCode(200);

        for (String token : List.of(viewer, TestTokens.withoutRole("admin"))) {
            as(token).when().delete("/models/anything").then().statusCode(403);
            as(token).when().post("/models/anything/reload").then().statusCode(403);
            as(token).contentType("application/json").body(Map.of("modelGroup", "x", "bucket", "b", "key", "k",
                    "sha256", "ab".repeat(32))).when().post("/models").then().statusCode(403);
        }
        given().when().delete("/models/anything").then().statusCode(401);
        admin().when().get("/models").then().statusCode(200);
        admin().when().get("/promotions/pending").then().statusCode(200);
        admin().when().delete("/models/not-served").then().statusCode(404);
    }

    @Test
    void addListReloadAndRemoveAModel() throws Exception {
        String group = uniqueGroup("manual");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version uploaded = registry.upload(group, 1, model);
            admin().contentType("application/json").body(Map.of("modelGroup", group, "bucket",
                    RegistryFixture.TRAINING_BUCKET, "key", uploaded.artifact().key(), "sha256", model.sha256()))
                    .when().post("/models").then().statusCode(201)
                    .body("version", equalTo(1))
                    .body("action", equalTo("MANUAL"))
                    .body("artifactKey", equalTo("models/" + group + "/v1/model.ubj"))
                    .body("loaded", equalTo(false));

            assertThat(Invocations.predict(group, ROWS)).containsExactly(model.reference(ROWS));
            admin().when().get("/models/" + group).then().statusCode(200)
                    .body("loaded", equalTo(true))
                    .body("loadedVersion", equalTo(1))
                    .body("sizeBytes", equalTo(model.ubj().length))
                    .body("lastUsedAt", notNullValue());
            List<String> listed = admin().when().get("/models").then().statusCode(200).extract().jsonPath()
                    .getList("modelGroup");
            assertThat(listed).contains(group);

            admin().when().post("/models/" + group + "/reload").then().statusCode(200).body("version", equalTo(1));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(model.reference(ROWS));

            // A second add without a version becomes v2.
            admin().contentType("application/json").body(Map.of("modelGroup", group, "bucket",
                    RegistryFixture.TRAINING_BUCKET, "key", uploaded.artifact().key(), "sha256", model.sha256()))
                    .when().post("/models").then().statusCode(201).body("version", equalTo(2));
            List<EventEnvelope<?>> deployed = RegistryFixture.deploymentEvents(group, 2,
                    e -> e.payload() instanceof ModelDeployed d && d.action() == DeploymentAction.MANUAL);
            assertThat(deployed).hasSize(2);

            admin().when().delete("/models/" + group).then().statusCode(204);
            await("gone", () -> Invocations.status(group, ROWS) == 400);
            assertThat(RegistryFixture.deploymentEvents(group, 1, e -> e.payload() instanceof ModelUndeployed u
                    && u.reason().contains("removed by admin"))).hasSize(1);
            admin().when().delete("/models/" + group).then().statusCode(404)
                    .contentType("application/problem+json");
            admin().when().post("/models/" + group + "/reload").then().statusCode(404);
        }
    }

    @Test
    void addingAnArtifactWhoseDigestDoesNotMatchIsRefused() throws Exception {
        String group = uniqueGroup("manual-bad");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version uploaded = registry.upload(group, 1, model);
            admin().contentType("application/json").body(Map.of("modelGroup", group, "bucket",
                    RegistryFixture.TRAINING_BUCKET, "key", uploaded.artifact().key(), "sha256", "ab".repeat(32)))
                    .when().post("/models").then().statusCode(422)
                    .body("detail", containsString("SHA-256 mismatch"));
            assertThat(store.desired(group)).isEmpty();
            admin().contentType("application/json").body(Map.of("modelGroup", "../" + group, "bucket", "b",
                    "key", "k", "sha256", "nothex")).when().post("/models").then().statusCode(400)
                    .body("violations.field", org.hamcrest.Matchers.hasItems("modelGroup", "sha256"));
            admin().when().get("/models/" + group).then().statusCode(404).body("loaded", nullValue());
        }
    }
}
