package dev.treeline.dataprep.run;

import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rows as the service wrote them before its columns were typed (JSON written by hand as {@code ?::jsonb}, the
 * timeline's event type as the wire name) still read back the same through the typed entities.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class RowsWrittenBeforeTypedColumnsTest {

    @Inject
    AgroalDataSource own;

    private static final String SPLIT = "{\"bucket\":\"treeline-training\",\"key\":\"datasets/house-prices/%s/%s.csv\","
            + "\"sha256\":\"" + "ab".repeat(32) + "\",\"bytes\":120,\"rows\":%d,\"versionId\":null}";

    @Test
    void aRunAndItsTimelineWrittenBeforeTheTypedColumnsReadBackTheSame() throws Exception {
        UUID runId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String datasets = "{\"train\":" + SPLIT.formatted(runId, "train", 7) + ",\"validation\":"
                + SPLIT.formatted(runId, "validation", 2) + ",\"test\":" + SPLIT.formatted(runId, "test", 1) + "}";
        try (Connection c = own.getConnection()) {
            try (PreparedStatement run = c.prepareStatement("insert into retrain_run (id, model, reason, testing,"
                    + " requested_by, status, requested_at, updated_at, finished_at, drift, spec_snapshot, query_text,"
                    + " query_parameters, window_start, window_end, label_column, feature_names, datasets, rows_total,"
                    + " failure_kind) values (?, 'legacy-model', 'DRIFT', false, 'monitor-7', 'READY',"
                    + " now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', ?::jsonb,"
                    + " ?::jsonb, 'select 1', ?::jsonb, date '2020-01-01', date '2026-10-25', 'price', ?::jsonb,"
                    + " ?::jsonb, 10, null)")) {
                run.setObject(1, runId);
                run.setString(2, "{\"metric\":\"psi\",\"value\":0.5,\"threshold\":0.25,\"feature\":\"size_m2\","
                        + "\"source\":\"monitor-7\"}");
                run.setString(3, "{\"layer\":\"demo\",\"labelColumn\":\"price\",\"featureColumns\":null,"
                        + "\"drift\":{\"threshold\":0.3,\"cooldown\":\"PT4S\"}}");
                run.setString(4, "{\"dateStart\":\"2020-01-01\",\"dateEnd\":\"2026-10-25\"}");
                run.setString(5, "[\"size_m2\",\"rooms\"]");
                run.setString(6, datasets);
                run.executeUpdate();
            }
            try (PreparedStatement stage = c.prepareStatement("insert into run_stage_event (event_id, run_id,"
                    + " event_type, stage, occurred_at, summary, details) values (?, ?, 'TuningCompleted', 'tuning',"
                    + " now(), 'tuning job job-1 completed', ?::jsonb)")) {
                stage.setObject(1, eventId);
                stage.setObject(2, runId);
                stage.setString(3, "{\"tuningJobName\":\"job-1\",\"trialCount\":20,\"parentTuningJobs\":[]}");
                stage.executeUpdate();
            }
            try (Statement migrate = c.createStatement()) {
                migrate.execute(migration("V4__run_stage_event_type_enum.sql")); // as Flyway ran it on old rows
            }
        }

        JsonPath run = asViewer().when().get("/runs/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("reason")).isEqualTo("DRIFT");
        assertThat(run.getString("drift.source")).isEqualTo("monitor-7");
        assertThat(run.getDouble("drift.value")).isEqualTo(0.5);
        assertThat(run.getString("spec.drift.cooldown")).isEqualTo("PT4S");
        assertThat(run.getString("queryParameters.dateEnd")).isEqualTo("2026-10-25");
        assertThat(run.getList("featureNames")).containsExactly("size_m2", "rooms");
        assertThat(run.getString("datasets.validation.key")).isEqualTo("datasets/house-prices/" + runId
                + "/validation.csv");
        assertThat(run.getLong("datasets.train.rows")).isEqualTo(7);
        assertThat(run.getString("timeline[0].event")).isEqualTo("TuningCompleted");
        assertThat(run.getInt("timeline[0].details.trialCount")).isEqualTo(20);
    }

    private static String migration(String name) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("db/migration/"
                + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
