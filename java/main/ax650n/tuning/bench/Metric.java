package ax650n.tuning.bench;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One number a benchmark compares across modes: its name (a JSON key and CSV column, e.g.
 * {@code tok_s}), a title for the report, its unit, whether lower is better, and how it reads
 * one value from a run ({@link Extractor}: the captured output and the run's wall time).
 *
 * @param name identifier, {@code [A-Za-z][A-Za-z0-9_]*}, at most 32 characters, not a reserved report key
 * @param title heading of its table in the text report, e.g. "decode speed (tok/s)"
 * @param unit e.g. "tok/s", "ms"; empty for a unitless number
 * @param lowerIsBetter latency-like (true) or throughput-like (false)
 * @param label prefix of the value in a progress line ("ttft 390.00 ms"); empty to print the value and unit only
 * @param noun what a progress line says is missing ("no speed")
 * @param decimals digits after the point in the text report and progress lines
 * @param extractor reads the value; never throws for any output
 */
public record Metric(String name, String title, String unit, boolean lowerIsBetter, String label, String noun,
        int decimals, Extractor extractor) {

    /** Reads one metric's value from one run. Must not throw: a value it cannot read is {@link MetricValue#missing}. */
    @FunctionalInterface
    public interface Extractor {
        MetricValue extract(RunOutput run);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    /** Keys the JSON and CSV reports use beside the metric names. */
    public static final Set<String> RESERVED = Set.of("index", "round", "mode", "warmup", "exit_code", "duration_ms",
            "failure", "missing", "runs", "failed", "jitter", "metrics");

    public Metric {
        checkName(name);
        if (decimals < 0 || decimals > 9) {
            throw new IllegalArgumentException("decimals out of 0..9: " + decimals);
        }
        if (title == null || unit == null || label == null || noun == null || extractor == null) {
            throw new IllegalArgumentException("metric " + name + ": null field");
        }
    }

    /** A metric with the name as title, label and noun. */
    public static Metric of(String name, String unit, boolean lowerIsBetter, int decimals, Extractor extractor) {
        String title = unit.isEmpty() ? name : name + " (" + unit + ")";
        return new Metric(name, title, unit, lowerIsBetter, name, name, decimals, extractor);
    }

    /** Throws IllegalArgumentException with a one-line reason when the name cannot name a metric. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name
                    + "' must be a letter then letters, digits or '_' (at most 32)");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("metric name '" + name + "' is reserved (it is a key of the report)");
        }
    }

    /** Reads this metric from a run; an extractor that throws anyway yields a missing value. */
    public MetricValue extract(RunOutput run) {
        try {
            MetricValue v = extractor.extract(run);
            return v == null ? MetricValue.missing("no value") : v;
        } catch (RuntimeException e) {
            return MetricValue.missing("cannot read " + name + " from the output");
        }
    }

    /** "higher is better" or "lower is better". */
    public String direction() {
        return lowerIsBetter ? "lower is better" : "higher is better";
    }

    /** The value with this metric's decimals, or "-" for NaN. */
    public String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "12.00 tok/s", "ttft 390.00 ms" or "no speed", for a progress line. */
    public String progress(MetricValue v) {
        if (!v.present()) {
            return "no " + noun;
        }
        String value = format(v.value()) + (unit.isEmpty() ? "" : " " + unit);
        return label.isEmpty() ? value : label + " " + value;
    }

    @Override
    public String toString() {
        return name;
    }
}
