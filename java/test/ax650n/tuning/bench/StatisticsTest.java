package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected values worked out by hand; the arithmetic is in the comments. */
class StatisticsTest {
    private static final double EPS = 1e-12;

    @Test
    void evenCountWithSpread() {
        // sorted 5, 5.5, 6, 6.5, 7, 9 (n = 6)
        // median: h = 5*0.5 = 2.5 -> 6 + 0.5*(6.5-6) = 6.25
        // Q1: h = 1.25 -> 5.5 + 0.25*0.5 = 5.625;  Q3: h = 3.75 -> 6.5 + 0.75*0.5 = 6.875;  IQR 1.25
        // mean 39/6 = 6.5; squared deviations 2.25+1+0.25+0+0.25+6.25 = 10; var 10/5 = 2; sd sqrt 2
        Summary s = Summary.of(new double[] {7, 5, 9, 6, 5.5, 6.5});
        assertEquals(6, s.n());
        assertEquals(6.25, s.median(), EPS);
        assertEquals(5, s.min(), EPS);
        assertEquals(9, s.max(), EPS);
        assertEquals(5.625, s.q1(), EPS);
        assertEquals(6.875, s.q3(), EPS);
        assertEquals(1.25, s.iqr(), EPS);
        assertEquals(6.5, s.mean(), EPS);
        assertEquals(Math.sqrt(2), s.stddev(), EPS);
        assertEquals(Math.sqrt(2) / 6.5, s.cv(), EPS); // 0.21757...
        assertTrue(s.unstable());
    }

    @Test
    void oddCountStable() {
        // sorted 10, 11, 11, 11, 12: median 11, Q1 (h=1) 11, Q3 (h=3) 11, IQR 0
        // mean 11, ss = 1+0+0+0+1 = 2, var 0.5, sd 0.70711, CV 0.064282 -> stable
        Summary s = Summary.of(new double[] {11, 12, 10, 11, 11});
        assertEquals(11, s.median(), EPS);
        assertEquals(0, s.iqr(), EPS);
        assertEquals(Math.sqrt(0.5) / 11, s.cv(), EPS);
        assertFalse(s.unstable());
    }

    @Test
    void quartilesInterpolate() {
        // sorted 1, 2, 3, 4, 10: Q1 h=1 -> 2, Q3 h=3 -> 4, median 3, p=0.1: h=0.4 -> 1.4, p=0.9: h=3.6 -> 4+0.6*6 = 7.6
        double[] sorted = {1, 2, 3, 4, 10};
        assertEquals(2, Summary.quantileSorted(sorted, 0.25), EPS);
        assertEquals(3, Summary.quantileSorted(sorted, 0.5), EPS);
        assertEquals(4, Summary.quantileSorted(sorted, 0.75), EPS);
        assertEquals(1.4, Summary.quantileSorted(sorted, 0.1), EPS);
        assertEquals(7.6, Summary.quantileSorted(sorted, 0.9), EPS);
        assertEquals(1, Summary.quantileSorted(sorted, 0), EPS);
        assertEquals(10, Summary.quantileSorted(sorted, 1), EPS);
        assertThrows(IllegalArgumentException.class, () -> Summary.quantileSorted(sorted, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Summary.quantileSorted(new double[0], 0.5));
    }

    @Test
    void cvOfExactlyTenPercentIsNotUnstable() {
        // 9, 10, 11: mean 10, ss 2, var 1, sd 1, CV exactly 0.1: "over 10%" is strict
        Summary s = Summary.of(new double[] {9, 10, 11});
        assertEquals(0.1, s.cv(), 0);
        assertFalse(s.unstable());
        assertTrue(Summary.of(new double[] {8.9, 10, 11.2}).unstable()); // mean 10.0333, sd 1.15036, CV 0.11465
    }

    @Test
    void degenerateSizes() {
        Summary one = Summary.of(new double[] {4.5});
        assertEquals(1, one.n());
        assertEquals(4.5, one.median(), 0);
        assertEquals(0, one.iqr(), 0);
        assertTrue(Double.isNaN(one.cv()));
        assertFalse(one.unstable());
        Summary none = Summary.of(new double[0]);
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.median()));
        assertFalse(none.unstable());
        assertThrows(IllegalArgumentException.class, () -> Summary.of(new double[] {1, Double.NaN}));
    }

    @Test
    void ratioOfConstantSamplesHasAPointInterval() {
        // every resample of {10,10} over {4,4,4} has medians 10 and 4: ratio and both bounds 2.5
        RatioEstimate r = RatioEstimate.ofMedians(new double[] {10, 10}, new double[] {4, 4, 4});
        assertEquals(2.5, r.ratio(), EPS);
        assertEquals(2.5, r.low(), EPS);
        assertEquals(2.5, r.high(), EPS);
        assertEquals(RatioEstimate.DEFAULT_RESAMPLES, r.resamples());
    }

    @Test
    void ratioIntervalOfTwoSamplesOverAConstant() {
        // mode {1, 2}: a resample is {1,1} (p 1/4, median 1), {1,2}/{2,1} (p 1/2, median 1.5) or {2,2}
        // (p 1/4, median 2); the baseline median is always 10. Ratios 0.10 / 0.15 / 0.20 with
        // probabilities 1/4, 1/2, 1/4, so the 2.5% and 97.5% quantiles of 10,000 replicates are
        // 0.10 and 0.20, and the point estimate is 1.5/10 = 0.15.
        RatioEstimate r = RatioEstimate.ofMedians(new double[] {1, 2}, new double[] {10, 10, 10});
        assertEquals(0.15, r.ratio(), EPS);
        assertEquals(0.10, r.low(), EPS);
        assertEquals(0.20, r.high(), EPS);
    }

    @Test
    void bootstrapIsDeterministicPerSeed() {
        double[] base = {5.1, 6.3, 7.0, 5.8, 6.6, 7.4, 5.2};
        double[] tuned = {11.2, 12.0, 11.7, 12.6, 10.9, 11.5, 12.2};
        RatioEstimate a = RatioEstimate.ofMedians(tuned, base, 2000, 42);
        RatioEstimate b = RatioEstimate.ofMedians(tuned, base, 2000, 42);
        assertEquals(a, b);
        assertEquals(11.7 / 6.3, a.ratio(), EPS);
        assertTrue(a.low() <= a.ratio() && a.ratio() <= a.high(), a::toString);
        // the extremes the bootstrap can reach: min(tuned)/max(base) .. max(tuned)/min(base)
        assertTrue(a.low() >= 10.9 / 7.4 && a.high() <= 12.6 / 5.1, a::toString);
        assertNotEquals(a, RatioEstimate.ofMedians(tuned, base, 2000, 43));
    }

    @Test
    void undefinedRatios() {
        assertFalse(RatioEstimate.ofMedians(new double[0], new double[] {1}).defined());
        assertFalse(RatioEstimate.ofMedians(new double[] {1}, new double[0]).defined());
        RatioEstimate zero = RatioEstimate.ofMedians(new double[] {1}, new double[] {0, 0});
        assertFalse(zero.defined());
        assertTrue(Double.isNaN(zero.low()));
        assertThrows(IllegalArgumentException.class, () -> RatioEstimate.ofMedians(new double[] {1}, new double[] {1}, 0, 1));
    }
}
