package dev.treeline.bench.invocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured, read from its output (run with {@code --latency} and the benchmark's Lua script, whose
 * {@code done} callback prints {@code ERRORS <non-2xx/3xx> <socket> <timeouts>}).
 */
record WrkRun(long requests, double requestsPerSecond, double p50Millis, double p99Millis, long statusErrors,
              long socketErrors, long timeouts) {

    static WrkRun parse(String text) {
        Matcher errors = Pattern.compile("ERRORS (\\d+) (\\d+) (\\d+)").matcher(text);
        if (!errors.find()) {
            throw new IllegalStateException("no error summary in wrk output (did the Lua script run?):\n" + text);
        }
        return new WrkRun(Long.parseLong(match(text, "(\\d+) requests in ")),
                Double.parseDouble(match(text, "Requests/sec:\\s+([0-9.]+)")),
                millis(match(text, "\\s50%\\s+(\\S+)")), millis(match(text, "\\s99%\\s+(\\S+)")),
                Long.parseLong(errors.group(1)), Long.parseLong(errors.group(2)), Long.parseLong(errors.group(3)));
    }

    /** Whether the run produced a figure: requests were answered and none with an error status. */
    boolean usable() {
        return requests > 0 && requestsPerSecond > 0 && statusErrors == 0;
    }

    static double millis(String wrkTime) {
        Matcher m = Pattern.compile("([0-9.]+)(us|ms|s|m)").matcher(wrkTime);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a wrk duration: " + wrkTime);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk output:\n" + text);
        }
        return m.group(1);
    }
}
