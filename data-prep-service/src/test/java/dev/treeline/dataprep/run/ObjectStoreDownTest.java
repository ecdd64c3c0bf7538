package dev.treeline.dataprep.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

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

/** The object store is unreachable: the run fails saying so and nothing goes downstream. */
@QuarkusTest
@TestProfile(ObjectStoreDownTest.NoObjectStore.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class ObjectStoreDownTest {

    /** The service's S3 client points at a closed port (the bucket is not created at start, it cannot be). */
    public static class NoObjectStore implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(UnreachableObjectStore.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.s3.create-bucket", "false");
        }
    }

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @Test
    void unreachableObjectStoreFailsTheRunSayingSo() throws Exception {
        WarehouseFixture.houseSales(warehouse);
        String runId = RunsClient.start("house-prices");
        JsonPath run = RunsClient.awaitFinished(runId);

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("failureKind")).isEqualTo("OBJECT_STORE");
        assertThat(run.getString("failureReason"))
                .startsWith("could not upload s3://treeline-training/datasets/house-prices/" + runId + "/")
                .contains("Unable to execute HTTP request");
        assertThat(Published.only(Topics.RUN_FAILURES, runId, RunFailed.class).payload().reason())
                .isEqualTo(run.getString("failureReason"));
    }
}
