package ax650n.tuning.autotune;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The runs of one interleaved comparison, baseline against candidate (A B A B ...), with the
 * ranking metric's value of each.
 *
 * @param runs every run in execution order, warm-up runs included
 * @param millis how long the comparison took, switching included
 */
public record Comparison(List<Run> runs, long millis) {
    /** Which side of a comparison a run belongs to. */
    public enum Side {
        BASELINE, CANDIDATE
    }

    /**
     * One run.
     *
     * @param value the ranking metric's value; empty when the run failed
     * @param failure why it failed, or null
     */
    public record Run(Side side, int round, boolean warmup, OptionalDouble value, String failure, long millis) {
        public boolean failed() {
            return failure != null;
        }
    }

    public Comparison {
        runs = List.copyOf(runs);
    }

    /** The values of the side's counted (measured, successful) runs, in run order. */
    public double[] values(Side side) {
        List<Double> v = new ArrayList<>();
        for (Run r : runs) {
            if (r.side() == side && !r.warmup() && !r.failed()) {
                v.add(r.value().getAsDouble());
            }
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /** The side's measured runs that failed. */
    public List<Run> failures(Side side) {
        List<Run> f = new ArrayList<>();
        for (Run r : runs) {
            if (r.side() == side && !r.warmup() && r.failed()) {
                f.add(r);
            }
        }
        return f;
    }
}
