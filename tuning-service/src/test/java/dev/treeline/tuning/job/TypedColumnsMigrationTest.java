package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Rows written before the typed columns (V3's schema: lower-case eval metric, JSON as text, three artifact columns)
 * read back after V4/V5 in the shape the entities map. Run in a schema of its own, migrated to V3, filled the old
 * way, then migrated to the latest version. Tables are named with their schema: the pooled connections' search path
 * is left alone, so the service's own tables stay where it looks.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "tuning") })
class TypedColumnsMigrationTest {

    private static final String SCHEMA = "before_typed_columns";

    @Inject
    DataSource dataSource;

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations("classpath:db/migration")
                .placeholders(Map.of("artifact_bucket", "models-bucket")).target(target).load();
    }

    @Test
    void rowsStoredBeforeTheTypedColumnsReadBackAsEnumsJsonAndArtifactColumns() throws Exception {
        flyway("3").migrate();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into " + SCHEMA + ".tuning_job (name, model, layer, objective, eval_metric, eval_metric_value,"
                    + " training_job_count, strategy, warm_start_type, dataset_hash, testing, status, created_at, run_id,"
                    + " parents, seed, max_jobs, best_trial_index, best_iteration, best_hyperparameters, artifact_key,"
                    + " artifact_sha256, artifact_bytes) values ('old-done', 'm', 'gold', 'reg:squarederror', 'rmse',"
                    + " 0.5, 4, 'BAYESIAN', 'NONE', '" + "a".repeat(64) + "', false, 'COMPLETED', now(), 'run-1',"
                    + " '[\"p0\"]', 77, 4, 2, 9, '{\"eta\":0.3,\"max_depth\":6,\"num_round\":10}', 'models/m/old/model.ubj',"
                    + " '" + "b".repeat(64) + "', 1234)");
            s.execute("insert into " + SCHEMA + ".tuning_job (name, model, layer, objective, eval_metric, training_job_count,"
                    + " strategy, warm_start_type, dataset_hash, testing, status, created_at, run_id) values"
                    + " ('old-unsupported', 'm', 'gold', 'multi:softmax', 'none', 0, 'BAYESIAN', 'NONE', '"
                    + "c".repeat(64) + "', false, 'FAILED', now(), 'run-2')");
            s.execute("insert into " + SCHEMA + ".tuning_trial (job_name, trial_index, origin, parameters, status, objective,"
                    + " duration_ms, finished_at) values ('old-done', 2, 'SEARCH',"
                    + " '{\"eta\":0.3,\"max_depth\":6,\"num_round\":10}', 'SUCCEEDED', 0.5, 10, now())");
            s.execute("insert into " + SCHEMA + ".model_evaluation (job_name, model, run_id, objective, test_rows, metrics,"
                    + " created_at) values ('old-done', 'm', 'run-1', 'reg:squarederror', 10, '{\"rmse\":0.25}', now())");
        }
        flyway("latest").migrate();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("select eval_metric, parents ->> 0, best_hyperparameters ->> 'max_depth',"
                    + " artifact_bucket, artifact_format, artifact_version_id, best_trial_job, final_model_seed"
                    + " from " + SCHEMA + ".tuning_job where name = 'old-done'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("RMSE");
                assertThat(r.getString(2)).isEqualTo("p0");
                assertThat(r.getString(3)).isEqualTo("6");
                assertThat(r.getString(4)).isEqualTo("models-bucket");
                assertThat(r.getString(5)).isEqualTo("UBJSON");
                assertThat(r.getString(6)).isNull();
                assertThat(r.getString(7)).isEqualTo("old-done");
                assertThat(r.getLong(8)).isEqualTo(77);
            }
            try (ResultSet r = s.executeQuery("select eval_metric, parents::text, artifact_bucket from " + SCHEMA + ".tuning_job"
                    + " where name = 'old-unsupported'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isNull();
                assertThat(r.getString(2)).isEqualTo("[]");
                assertThat(r.getString(3)).isNull();
            }
            try (ResultSet r = s.executeQuery("select (select parameters ->> 'eta' from " + SCHEMA + ".tuning_trial),"
                    + " (select metrics ->> 'rmse' from " + SCHEMA + ".model_evaluation)")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("0.3");
                assertThat(r.getString(2)).isEqualTo("0.25");
            }
            try (ResultSet r = s.executeQuery("select current_schema()")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("the service's connections still look in its own schema")
                        .isEqualTo("public");
            }
        }
    }
}
