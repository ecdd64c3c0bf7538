package dev.treeline.dataprep.definition.validate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.extract.ColumnUsage;
import dev.treeline.dataprep.extract.DatasetExtractor;
import dev.treeline.dataprep.extract.ExtractionException;
import dev.treeline.dataprep.extract.ExtractionFailure;
import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.dataprep.extract.InvalidQueryException;
import dev.treeline.dataprep.extract.LabelRule;
import dev.treeline.dataprep.extract.NamedParameters;
import dev.treeline.dataprep.extract.WarehouseQueries;
import dev.treeline.events.DateWindow;
import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * Executes a definition's query against the warehouse for a small window or row limit and reports the columns it
 * got, their types, how each would be used, the rows in the window, and what is wrong.
 *
 * <p>The query runs as a run's extraction does ({@link WarehouseQueries}: read-only transaction, the definition's
 * statement timeout, the window of today bound), reads at most {@code rowLimit} rows, and its columns are
 * classified by {@link ColumnUsage}, so a definition the dry run finds no problem with does not fail a run on its
 * columns. The rows in the window are counted by a second query, bounded by the same timeout. A failing query is a
 * problem of {@code data.query} with the warehouse's message, never an exception.
 */
@ApplicationScoped
public class DryRun {

    private static final String QUERY = "data.query";
    private static final int MAX_FETCH = 1_000;

    private final WarehouseQueries warehouse;
    private final Clock clock;

    public DryRun(WarehouseQueries warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    /**
     * @param definition a definition that passed {@link DefinitionValidator}
     * @param rowLimit   rows read at most (the count of rows in the window is a separate, bounded query)
     */
    public DryRunReport run(ModelDefinition definition, int rowLimit) {
        int limit = Math.max(1, rowLimit);
        DataSection data = definition.data();
        List<Violation> problems = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DateWindow window = new DateWindow(data.window().start(), today.minusDays(data.window().pushbackDays()));
        try {
            DatasetExtractor.windowFor(data.window(), today);
        } catch (ExtractionException e) {
            problems.add(new Violation("data.window.start", e.getMessage()));
        }
        NamedParameters query;
        try {
            query = NamedParameters.parse(data.query());
        } catch (InvalidQueryException e) {
            problems.add(new Violation(QUERY, e.getMessage()));
            return report(window, null, limit, List.of(), problems);
        }
        Duration timeout = warehouse.timeoutFor(data);
        LabelRule labels = LabelRule.of(definition.task().objective());
        String[] badLabel = {null};
        List<ColumnUsage.ResultColumn> result;
        try {
            result = warehouse.read(query, window, timeout,
                    new WarehouseQueries.Reading(Math.min(limit, MAX_FETCH), limit), (rs, postgres) -> {
                        List<ColumnUsage.ResultColumn> columns = ColumnUsage.ResultColumn.of(rs.getMetaData());
                        int label = labelIndex(columns, data.labelColumn());
                        long row = 0;
                        while (rs.next()) {
                            // the rows are read, so errors raised while producing them surface here too
                            row++;
                            String value = label == 0 || badLabel[0] != null ? null : rs.getString(label);
                            if (value != null) {
                                long at = row;
                                labels.problem(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                        .ifPresent(p -> badLabel[0] = "row " + at + " of the sample: " + p);
                            }
                        }
                        return columns;
                    });
        } catch (RuntimeException e) {
            problems.add(new Violation(QUERY, failure(e)));
            return report(window, null, limit, List.of(), problems);
        }
        Long rows = count(query, window, timeout, problems);
        ColumnUsage.Classified classified = ColumnUsage.classify(result, data, definition.task().objective());
        for (ColumnUsage.Problem problem : classified.problems()) {
            problems.add(new Violation(problem.field(), problem.message()));
        }
        if (badLabel[0] != null && classified.fits()) {
            problems.add(new Violation("data.label-column", badLabel[0]));
        }
        List<DryRunReport.Column> columns = classified.columns().stream().map(c -> new DryRunReport.Column(
                c.column().name(), c.column().typeName(), c.usage().label())).toList();
        return report(window, rows, limit, columns, problems);
    }

    /** 1-based index of a numeric or boolean label column, 0 when there is none to check. */
    private static int labelIndex(List<ColumnUsage.ResultColumn> columns, String label) {
        for (int i = 0; i < columns.size(); i++) {
            ColumnUsage.ResultColumn c = columns.get(i);
            if (c.name().equals(label)) {
                return c.numeric() ? i + 1 : 0; // booleans are 0/1 by construction
            }
        }
        return 0;
    }

    /** The rows the query returns in the window; null (and a problem) when counting failed or took too long. */
    private Long count(NamedParameters query, DateWindow window, Duration timeout, List<Violation> problems) {
        NamedParameters counting = new NamedParameters("select count(*) from (\n" + query.sql() + "\n) q",
                query.order());
        try {
            return warehouse.read(counting, window, timeout, new WarehouseQueries.Reading(1, 1),
                    (rs, postgres) -> rs.next() ? rs.getLong(1) : 0L);
        } catch (RuntimeException e) {
            if (e instanceof ExtractionFailure failure && failure.kind() == FailureKind.QUERY_TIMEOUT) {
                problems.add(new Violation(QUERY, "counting the rows in the window took longer than the statement"
                        + " timeout of " + timeout + ", so the number of rows is unknown; a run would very likely"
                        + " be cancelled too (raise data.statement-timeout or narrow the window)"));
            } else {
                problems.add(new Violation(QUERY, "counting the rows in the window failed: " + failure(e)));
            }
            return null;
        }
    }

    private static String failure(RuntimeException e) {
        if (e instanceof ExtractionFailure) {
            return e.getMessage();
        }
        throw e;
    }

    private static DryRunReport report(DateWindow window, Long rows, int limit, List<DryRunReport.Column> columns,
            List<Violation> problems) {
        return new DryRunReport(problems.isEmpty(), window.start(), window.end(), rows, limit, List.copyOf(columns),
                List.copyOf(problems));
    }
}
