package ax650n.tuning.bench;

import java.util.OptionalDouble;

/**
 * What one {@link Metric} read from one run: a finite value, or why there is none.
 *
 * @param value the value in the metric's unit; NaN when missing
 * @param missing why the value is missing (one line, e.g. "no speed line in the output"), or null
 */
public record MetricValue(double value, String missing) {
    public MetricValue {
        if (missing == null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("a present metric value must be finite: " + value);
        }
        if (missing != null) {
            value = Double.NaN;
        }
    }

    public static MetricValue of(double value) {
        return new MetricValue(value, null);
    }

    public static MetricValue missing(String why) {
        return new MetricValue(Double.NaN, why == null ? "missing" : why);
    }

    public boolean present() {
        return missing == null;
    }

    public OptionalDouble optional() {
        return present() ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
