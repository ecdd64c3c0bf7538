package dev.treeline.dataprep.extract;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.TaskSection;
import dev.treeline.events.definition.WindowSpec;

/** Definitions over the test warehouse's {@code house_sales} table (WarehouseFixture), built in code. */
public final class TestDefinitions {

    public static final String REGRESSION = "reg:squarederror";
    public static final String HOUSES = "select id, sold_on, price, size_m2, rooms, city from house_sales"
            + " where sold_on >= :dateStart and sold_on < :dateEnd::date + 1";

    private TestDefinitions() {
    }

    /** house-prices: window from 2020-01-01, 30 pushback days, features size_m2 and rooms, key id. */
    public static ModelDefinition housePrices() {
        return definition("house-prices", REGRESSION, HOUSES, LocalDate.of(2020, 1, 1), "price",
                List.of("size_m2", "rooms"), List.of("sold_on", "city"));
    }

    /** Key {@code id}, 30 pushback days; a null start is the default start (2000-01-01). */
    public static ModelDefinition definition(String name, String objective, String query, LocalDate start,
            String label, List<String> features, List<String> ignored) {
        return definition(name, objective, query, start, label, features, ignored, null);
    }

    public static ModelDefinition definition(String name, String objective, String query, LocalDate start,
            String label, List<String> features, List<String> ignored, Duration statementTimeout) {
        DataSection data = new DataSection("demo", query, new WindowSpec(start, 30), label, "id", null, features,
                ignored, statementTimeout);
        return new ModelDefinition(name, null, null, null, data, new TaskSection(objective, null), null, null, null,
                null);
    }

    /**
     * A definition with every data and task field of issue 16 (key {@code id}, window from 2020-01-01, 30 pushback
     * days, all result columns features unless ignored).
     */
    public static ModelDefinition full(String name, String objective, String positiveClass, String query,
            String label, List<String> ignored, List<String> categorical, Integer maxCategories, String group,
            String weight) {
        DataSection data = new DataSection("demo", query, new WindowSpec(LocalDate.of(2020, 1, 1), 30), label, "id",
                null, List.of(), ignored, null, categorical, maxCategories, group, weight);
        return new ModelDefinition(name, null, null, null, data, new TaskSection(objective, null, positiveClass), null,
                null, null, null);
    }
}
