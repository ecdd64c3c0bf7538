package dev.treeline.dataprep.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The object store cannot take the dataset: the run fails saying so and nothing goes downstream. */
@QuarkusTest
@TestProfile(ObjectStoreDownTest.NoObjectStore.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class ObjectStoreDownTest {

    /**
     * The service's bucket does not exist on the real S3 server. (The test resource's S3 endpoint takes precedence
     * over profile overrides, so a closed endpoint cannot be simulated here; both surface as an SdkException.)
     */
    public static class NoObjectStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.s3.bucket", "treeline-no-such-bucket", "treeline.s3.create-bucket", "false");
        }
    }

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @Test
    void objectStoreRefusingTheUploadFailsTheRunSayingSo() throws Exception {
        WarehouseFixture.houseSales(warehouse);
        String runId = RunsClient.start("house-prices");
        JsonPath run = RunsClient.awaitFinished(runId);

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("failureKind")).isEqualTo("OBJECT_STORE");
        assertThat(run.getString("failureReason"))
                .startsWith("could not upload s3://treeline-no-such-bucket/datasets/house-prices/" + runId + "/");
        assertThat(run.getString("failureReason")).contains("The specified bucket does not exist");
        assertThat(Published.only(Topics.RUN_FAILURES, runId, RunFailed.class).payload().reason())
                .isEqualTo(run.getString("failureReason"));
    }
}
