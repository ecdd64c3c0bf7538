package dev.treeline.registry.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A group's evaluation history as CSV (RFC 4180): one row per version, oldest first, one column per
 * test metric any version reported (empty where a version lacks it).
 */
final class EvaluationCsv {

    private EvaluationCsv() {
    }

    static String write(List<Views.EvaluationRow> rows) {
        TreeSet<String> metrics = new TreeSet<>();
        rows.forEach(r -> metrics.addAll(r.testMetrics().keySet()));
        StringBuilder out = new StringBuilder(
                "datetime,version,approval_status,testing,tuning_job,objective,tuning_metric,tuning_metric_value");
        metrics.forEach(m -> out.append(',').append(field("test_" + m)));
        out.append("\r\n");
        for (Views.EvaluationRow row : rows) {
            out.append(row.datetime()).append(',').append(row.version()).append(',').append(row.approvalStatus())
                    .append(',').append(row.testing()).append(',').append(field(row.tuningJobName())).append(',')
                    .append(field(row.objective())).append(',').append(field(row.tuningMetric())).append(',')
                    .append(number(row.tuningMetricValue()));
            Map<String, Double> values = row.testMetrics();
            for (String metric : metrics) {
                out.append(',');
                Double value = values.get(metric);
                if (value != null) {
                    out.append(number(value));
                }
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** Plain decimal (no exponent), so spreadsheets and scripts read the same number. */
    private static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
