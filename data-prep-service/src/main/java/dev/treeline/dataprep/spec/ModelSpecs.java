package dev.treeline.dataprep.spec;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The models this service retrains, as configuration: adding a model means adding a block of
 * {@code treeline.models."<group>".*} settings, no code. Checked at start-up by {@link ModelSpecValidator}.
 */
@ConfigMapping(prefix = "treeline.models")
public interface ModelSpecs {

    /**
     * Keyed by model group name. The mapping's root is {@code treeline.models} (not {@code treeline}) so that
     * other {@code treeline.*} settings (shared modules, test infrastructure) are not taken for unknown spec keys.
     */
    @WithParentName
    Map<String, ModelSpec> models();

    interface ModelSpec {

        /** Layer or prefix the model belongs to (part of the warm-start parent key). */
        String layer();

        /** XGBoost objective, e.g. reg:squarederror or binary:logistic. */
        String objective();

        /** SQL with the named parameters :dateStart and :dateEnd, bound as dates, never spliced. */
        String query();

        Window window();

        @WithName("label-column")
        String labelColumn();

        /** Features in this order; empty means every other numeric column in result order. */
        @WithName("feature-columns")
        Optional<List<String>> featureColumns();

        Split split();

        /** Quarkus cron expression; absent means no scheduled retraining. */
        Optional<String> schedule();

        Drift drift();

        /** Overrides {@code treeline.data-prep.warehouse.statement-timeout} for this model's query. */
        @WithName("statement-timeout")
        Optional<Duration> statementTimeout();
    }

    interface Window {

        @WithDefault("2000-01-01")
        LocalDate start();

        /** The window ends this many days before today: recent rows may still change. */
        @WithName("pushback-days")
        @WithDefault("30")
        int pushbackDays();
    }

    interface Split {

        @WithDefault("0.7")
        double train();

        @WithDefault("0.15")
        double validation();

        @WithDefault("0.15")
        double test();

        /** A key column whose hash places each row, so re-running on the same rows yields the same split. */
        @WithName("hash-column")
        String hashColumn();
    }

    interface Drift {

        /** A drift alert at or above this value starts a run. */
        @WithDefault("0.2")
        double threshold();

        /** No drift-triggered run sooner than this after the model's last run. */
        @WithDefault("PT6H")
        Duration cooldown();
    }
}
