package ax650n.tuning.bench;

import java.util.Arrays;

/**
 * Descriptive statistics of one mode's samples.
 *
 * <p>Quantiles use Hyndman &amp; Fan definition 7 (linear interpolation between order statistics,
 * the default of R's {@code quantile} and NumPy's {@code percentile}): for sorted values
 * x[0..n-1] and probability p, h = (n-1)p, Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * The median is Q(0.5) (the usual median), IQR = Q(0.75) - Q(0.25).
 *
 * <p>The coefficient of variation is the sample standard deviation (divisor n-1) over the
 * mean; it is NaN for fewer than two samples or a zero mean. A mode is unstable when CV &gt; 10%.
 * The jitter is p95 - min (p95 by definition 7).
 */
public final class Summary {
    public static final double UNSTABLE_CV = 0.10;

    private final int n;
    private final double median;
    private final double min;
    private final double max;
    private final double q1;
    private final double q3;
    private final double p95;
    private final double mean;
    private final double stddev;

    private Summary(double[] sorted) {
        n = sorted.length;
        if (n == 0) {
            median = min = max = q1 = q3 = p95 = mean = stddev = Double.NaN;
            return;
        }
        median = quantileSorted(sorted, 0.5);
        min = sorted[0];
        max = sorted[n - 1];
        q1 = quantileSorted(sorted, 0.25);
        q3 = quantileSorted(sorted, 0.75);
        p95 = quantileSorted(sorted, 0.95);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        mean = sum / n;
        if (n < 2) {
            stddev = Double.NaN;
        } else {
            double ss = 0;
            for (double v : sorted) {
                ss += (v - mean) * (v - mean);
            }
            stddev = Math.sqrt(ss / (n - 1));
        }
    }

    /** Summarises the values (not modified); an empty array gives n = 0 and NaN everywhere. */
    public static Summary of(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("not a finite sample: " + v);
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    /** Quantile definition 7 of an already sorted, non-empty array; p in [0, 1]. */
    public static double quantileSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of no values");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability out of [0,1]: " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** The median of the values (definition 7 at p = 0.5). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileSorted(sorted, 0.5);
    }

    public int n() {
        return n;
    }

    public double median() {
        return median;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double q1() {
        return q1;
    }

    public double q3() {
        return q3;
    }

    /** The 95th percentile (definition 7). */
    public double p95() {
        return p95;
    }

    /**
     * Jitter: p95 - min across the runs, how far the slow (or, for a speed, the fast) tail
     * reaches above the best-case run; 0 for one run, NaN for none.
     */
    public double jitter() {
        return p95 - min;
    }

    public double iqr() {
        return q3 - q1;
    }

    public double mean() {
        return mean;
    }

    /** Sample standard deviation (n-1). */
    public double stddev() {
        return stddev;
    }

    /** Coefficient of variation: sample stddev / mean; NaN when undefined. */
    public double cv() {
        return n < 2 || mean == 0 ? Double.NaN : stddev / Math.abs(mean);
    }

    /** CV above 10%. A mode with fewer than two samples is not called unstable (there is no spread to judge). */
    public boolean unstable() {
        double cv = cv();
        return !Double.isNaN(cv) && cv > UNSTABLE_CV;
    }
}
