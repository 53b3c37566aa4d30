package ax650n.tuning.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * The ratio of medians of a mode against the baseline, with a percentile-bootstrap 95% interval.
 *
 * <p>Each bootstrap replicate resamples the mode's samples and the baseline's samples
 * independently, with replacement and at their own sizes, and takes median(mode*) /
 * median(baseline*); the interval is the 2.5% and 97.5% quantiles (definition 7, as in
 * {@link Summary}) of the replicates. The generator is {@link java.util.Random} with a fixed seed,
 * whose algorithm the Java specification fixes, so the interval is the same on every JVM.
 * Replicates whose baseline median is 0 are skipped; when none is left the interval is NaN.
 */
public record RatioEstimate(double ratio, double low, double high, int resamples, long seed) {
    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final long DEFAULT_SEED = 0x6178363530L; // "ax650"

    public static RatioEstimate ofMedians(double[] mode, double[] baseline) {
        return ofMedians(mode, baseline, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    /** NaN everywhere when either side is empty or the baseline median is 0. */
    public static RatioEstimate ofMedians(double[] mode, double[] baseline, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1: " + resamples);
        }
        if (mode.length == 0 || baseline.length == 0) {
            return new RatioEstimate(Double.NaN, Double.NaN, Double.NaN, resamples, seed);
        }
        double base = Summary.median(baseline);
        double point = base == 0 ? Double.NaN : Summary.median(mode) / base;
        Random rnd = new Random(seed);
        double[] ratios = new double[resamples];
        int kept = 0;
        double[] a = new double[mode.length];
        double[] b = new double[baseline.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = mode[rnd.nextInt(mode.length)];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = baseline[rnd.nextInt(baseline.length)];
            }
            double mb = Summary.median(b);
            if (mb != 0) {
                ratios[kept++] = Summary.median(a) / mb;
            }
        }
        if (kept == 0) {
            return new RatioEstimate(point, Double.NaN, Double.NaN, resamples, seed);
        }
        double[] sorted = Arrays.copyOf(ratios, kept);
        Arrays.sort(sorted);
        return new RatioEstimate(point, Summary.quantileSorted(sorted, 0.025),
                Summary.quantileSorted(sorted, 0.975), resamples, seed);
    }

    public boolean defined() {
        return !Double.isNaN(ratio);
    }
}
