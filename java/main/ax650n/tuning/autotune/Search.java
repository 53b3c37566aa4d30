package ax650n.tuning.autotune;

import ax650n.tuning.bench.BenchException;
import ax650n.tuning.bench.RatioEstimate;
import ax650n.tuning.sys.Labelled;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Coordinate descent over a {@link Space}, pure apart from the injected {@link Measure}: start
 * from a setting (today's default tuning), change one factor at a time, and measure each
 * candidate against the current best in one interleaved comparison. A candidate replaces the
 * best only when the bootstrap 95 % interval of the ratio of medians (candidate / best,
 * {@link RatioEstimate}) lies wholly on the better side of 1, and does so again in a second,
 * fresh comparison (the confirmation); a candidate with a failed run is rejected, whatever its
 * numbers. Why the confirmation: with 5 runs a side, a candidate with no effect at all gets an
 * interval wholly above 1 in about 1.5 % of comparisons (the percentile bootstrap of a median of
 * few samples is narrow), and a search makes some twenty such comparisons; asking twice makes
 * that about 0.02 % each, and costs one comparison per kept factor. A pass tries every value of every factor; the search stops
 * after a pass that changed nothing, when the budget is spent, or after {@link #MAX_PASSES}.
 * A pair (best, candidate) is measured once: a later pass does not repeat a comparison whose
 * best has not changed since. Then the winner is compared with the untuned host once more.
 */
public final class Search {
    public static final int MAX_PASSES = 8;

    /** Runs the comparisons (the bench machinery in production, a function in tests). */
    public interface Measure {
        /** {@code candidate} against {@code best}, interleaved. */
        Comparison compare(Setting best, Setting candidate) throws BenchException;

        /** {@code winner} against the untuned host (the baseline side), interleaved. */
        Comparison againstUntuned(Setting winner) throws BenchException;

        /**
         * What the host would be in under a setting (e.g. its plan's targets and values and
         * the launch): two settings with equal states need no comparison. Empty: cannot tell
         * (then the comparison is made).
         */
        default Optional<Object> state(Setting s) {
            return Optional.empty();
        }
    }

    /** What became of a candidate. */
    public enum Verdict implements Labelled {
        KEPT("kept"),
        REJECTED("rejected"),
        FAILED("rejected: runs failed"),
        SAME("not measured: the same host state as the best");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * One candidate tried.
     *
     * @param effect candidate / best, ratio of medians with its interval; null when not measured
     * @param reason one line on the decision
     * @param comparison the runs; null when not measured
     */
    public record Trial(int pass, Factor factor, String value, String note, Setting best, Setting candidate,
            Comparison comparison, RatioEstimate effect, Verdict verdict, String reason, Comparison confirmation,
            RatioEstimate confirmedEffect) {
        Trial(int pass, Factor factor, String value, String note, Setting best, Setting candidate,
                Comparison comparison, RatioEstimate effect, Verdict verdict, String reason) {
            this(pass, factor, value, note, best, candidate, comparison, effect, verdict, reason, null, null);
        }
    }

    /** Why the search ended. */
    public enum Stop implements Labelled {
        CONVERGED("a full pass changed nothing"),
        BUDGET("the time budget is spent"),
        PASSES("the pass limit (" + MAX_PASSES + ") is reached");

        private final String label;

        Stop(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * The whole search.
     *
     * @param finalComparison the winner against untuned (baseline = untuned)
     * @param finalEffect winner / untuned
     */
    public record Outcome(Setting start, Setting winner, List<Trial> trials, Stop stop, int passes,
            Comparison finalComparison, RatioEstimate finalEffect, long nanos) {
        public Outcome {
            trials = List.copyOf(trials);
        }

        /** The factors whose winning value differs from the start's. */
        public List<Factor> changed() {
            return winner.differences(start);
        }
    }

    private final Space space;
    private final Measure measure;
    private final java.util.function.BooleanSupplier higherIsBetter;
    private final long budgetNanos;
    private final LongSupplier clock;
    private final Listener listener;

    /** Hears each decision as it is made (the progress lines). */
    @FunctionalInterface
    public interface Listener {
        void decided(Trial t);
    }

    /**
     * @param higherIsBetter the ranking metric's direction (decode speed: higher; latency: lower),
     *     asked at each decision (a metric detected from the output is known after the first run)
     * @param budgetNanos no comparison starts once this much time has passed, or when the one
     *     before took longer than what is left
     * @param clock {@link System#nanoTime} in production
     */
    public Search(Space space, Measure measure, java.util.function.BooleanSupplier higherIsBetter, long budgetNanos,
            LongSupplier clock,
            Listener listener) {
        this.space = Objects.requireNonNull(space, "space");
        this.measure = Objects.requireNonNull(measure, "measure");
        this.higherIsBetter = Objects.requireNonNull(higherIsBetter, "higherIsBetter");
        this.budgetNanos = budgetNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public Outcome run(Setting start) throws BenchException {
        long t0 = clock.getAsLong();
        Setting best = start;
        List<Trial> trials = new ArrayList<>();
        Set<List<Object>> measured = new HashSet<>();
        Stop stop = Stop.PASSES;
        long lastComparison = 0;
        int pass = 0;
        search:
        while (pass < MAX_PASSES) {
            pass++;
            boolean changed = false;
            for (Factor f : space.factors()) {
                for (Space.Value v : space.values(f)) {
                    if (v.value().equals(best.value(f))) {
                        continue;
                    }
                    Setting cand = best.with(f, v.value());
                    Optional<Object> bs = measure.state(best);
                    Optional<Object> cs = measure.state(cand);
                    // a pair of host states (or, when unknown, of settings) is measured once
                    if (!measured.add(bs.isPresent() && cs.isPresent() ? List.of(bs.get(), cs.get())
                            : List.of(best, cand))) {
                        continue;
                    }
                    if (bs.isPresent() && bs.equals(cs)) {
                        Trial t = new Trial(pass, f, v.value(), v.note(), best, cand, null, null, Verdict.SAME,
                                "plans the same writes and launch as the best on this host");
                        trials.add(t);
                        listener.decided(t);
                        continue;
                    }
                    long elapsed = clock.getAsLong() - t0;
                    if (elapsed >= budgetNanos || elapsed + lastComparison > budgetNanos) {
                        stop = Stop.BUDGET;
                        break search;
                    }
                    long c0 = clock.getAsLong();
                    Comparison c = measure.compare(best, cand);
                    lastComparison = clock.getAsLong() - c0;
                    Trial t = decide(pass, f, v, best, cand, c);
                    if (t.verdict() == Verdict.KEPT) {
                        t = confirm(t, decide(pass, f, v, best, cand, measure.compare(best, cand)));
                    }
                    trials.add(t);
                    listener.decided(t);
                    if (t.verdict() == Verdict.KEPT) {
                        best = cand;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                stop = Stop.CONVERGED;
                break;
            }
        }
        Comparison last = measure.againstUntuned(best);
        RatioEstimate fin = RatioEstimate.ofMedians(last.values(Comparison.Side.CANDIDATE),
                last.values(Comparison.Side.BASELINE));
        return new Outcome(start, best, trials, stop, pass, last, fin, clock.getAsLong() - t0);
    }

    /** A first "kept" and the confirmation's decision: kept only when both are. */
    static Trial confirm(Trial first, Trial second) {
        boolean kept = second.verdict() == Verdict.KEPT;
        return new Trial(first.pass(), first.factor(), first.value(), first.note(), first.best(), first.candidate(),
                first.comparison(), first.effect(), kept ? Verdict.KEPT : Verdict.REJECTED,
                kept ? "the whole 95 % interval is better, in the confirmation too"
                        : "not confirmed: " + second.reason() + " in the second comparison",
                second.comparison(), second.effect());
    }

    /** The decision on one measured candidate (package-private for the tests). */
    Trial decide(int pass, Factor f, Space.Value v, Setting best, Setting cand, Comparison c) {
        double[] b = c.values(Comparison.Side.BASELINE);
        double[] x = c.values(Comparison.Side.CANDIDATE);
        RatioEstimate e = RatioEstimate.ofMedians(x, b);
        List<Comparison.Run> failed = c.failures(Comparison.Side.CANDIDATE);
        boolean higher = higherIsBetter.getAsBoolean();
        Verdict verdict;
        String reason;
        if (!failed.isEmpty()) {
            verdict = Verdict.FAILED;
            reason = failed.size() + " of " + (failed.size() + x.length) + " runs failed: " + failed.get(0).failure();
        } else if (b.length == 0) {
            verdict = Verdict.REJECTED;
            reason = "no successful run of the best to compare with";
        } else if (!e.defined() || Double.isNaN(e.low()) || Double.isNaN(e.high())) {
            verdict = Verdict.REJECTED;
            reason = "no ratio: the best's median is 0";
        } else if (higher ? e.low() > 1 : e.high() < 1) {
            verdict = Verdict.KEPT;
            reason = "the whole 95 % interval is better";
        } else if (higher ? e.high() < 1 : e.low() > 1) {
            verdict = Verdict.REJECTED;
            reason = "worse: the whole 95 % interval is on the worse side";
        } else {
            verdict = Verdict.REJECTED;
            reason = "within the noise: the 95 % interval holds 1";
        }
        return new Trial(pass, f, v.value(), v.note(), best, cand, c, e, verdict, reason);
    }
}
