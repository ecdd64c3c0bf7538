package dev.treeline.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-prep model specs of the demo models, as the properties data-prep reads
 * ({@code treeline.models."<group>".*}); the launcher hands them over with {@code QUARKUS_CONFIG_LOCATIONS}.
 */
public final class DemoSpecs {

    private DemoSpecs() {
    }

    /**
     * @param pushbackDays  the window ends this many days before today (0 in tests that append new days)
     * @param driftCooldown how long after a run a drift alert is ignored
     */
    public static String properties(int pushbackDays, Duration driftCooldown) {
        List<String> lines = new ArrayList<>();
        lines.add("# Demo models written by the local launcher; edit data-prep specs the same way for your own.");
        for (DemoModel model : DemoModel.values()) {
            String prefix = "treeline.models.\"" + model.group() + "\".";
            String columns = String.join(", ", model.features());
            lines.add(prefix + "layer=demo");
            lines.add(prefix + "objective=" + model.objective());
            lines.add(prefix + "query=select id, " + model.label() + ", " + columns + " from " + model.table()
                    + " where " + model.dateColumn() + " between :dateStart and :dateEnd");
            lines.add(prefix + "window.start=" + DemoWarehouse.FIRST_DAY);
            lines.add(prefix + "window.pushback-days=" + pushbackDays);
            lines.add(prefix + "label-column=" + model.label());
            lines.add(prefix + "feature-columns=" + String.join(",", model.features()));
            lines.add(prefix + "split.hash-column=id");
            lines.add(prefix + "drift.threshold=0.2");
            lines.add(prefix + "drift.cooldown=" + driftCooldown);
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * Tuning settings of the demo models for tuning-service ({@code treeline.tuning.models."<group>".*}):
     * a trial budget a laptop finishes in a minute or two, and rounds capped to match.
     */
    public static String tuningProperties(int maxJobs, int maxRounds) {
        List<String> lines = new ArrayList<>();
        lines.add("# Demo tuning budgets written by the local launcher.");
        for (DemoModel model : DemoModel.values()) {
            String prefix = "treeline.tuning.models.\"" + model.group() + "\".";
            lines.add(prefix + "max-jobs=" + maxJobs);
            lines.add(prefix + "max-parallel-jobs=2");
            lines.add(prefix + "ranges.num_round.min=10");
            lines.add(prefix + "ranges.num_round.max=" + maxRounds);
            lines.add(prefix + "ranges.num_round.integer=true");
        }
        return String.join("\n", lines) + "\n";
    }
}
