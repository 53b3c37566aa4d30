package ax650n.tuning.autotune;

import ax650n.tuning.bench.Arm;
import ax650n.tuning.bench.BenchException;
import ax650n.tuning.bench.BenchRunner;
import ax650n.tuning.bench.RunResult;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.tune.Change;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The search's {@link Search.Measure} on the bench machinery: each comparison is
 * {@link BenchRunner#rounds} of two arms inside the runner's one session, so every switch is the
 * tuner's journaled apply or revert and the host is restored once, at the end or on a signal.
 * A run counts as failed when the runner says so or the ranking metric is missing from it.
 */
public final class BenchMeasure implements Search.Measure {
    private final BenchRunner runner;
    private final HostSnapshot original;
    private final boolean originalUntuned;
    private final Config base;
    private final int runs;
    private final int warmup;
    private final Ranking ranking;
    private final Map<Setting, Optional<Object>> states = new HashMap<>();

    /**
     * @param original the host as it was before the first switch: candidates are planned against
     *     it (purely) to tell settings that write the same values apart
     * @param originalUntuned the original host is untuned (no journal): then a planned write of
     *     the value a target already holds leaves it as untuned and is no difference; on a tuned
     *     host the snapshot holds tuned values, so only equal plans are equal
     * @param base the configuration in force: its cards and irqbalance choice go into every candidate
     */
    public BenchMeasure(BenchRunner runner, HostSnapshot original, boolean originalUntuned, Config base, int runs,
            int warmup, Ranking ranking) {
        this.runner = runner;
        this.original = original;
        this.originalUntuned = originalUntuned;
        this.base = base;
        this.runs = runs;
        this.warmup = warmup;
        this.ranking = ranking;
    }

    @Override
    public Comparison compare(Setting best, Setting candidate) throws BenchException {
        String label = String.join(",", candidate.differences(best).stream()
                .map(f -> f.key() + "=" + candidate.value(f)).toList());
        return measure(arm("best", best), arm(label, candidate));
    }

    @Override
    public Comparison againstUntuned(Setting winner) throws BenchException {
        return measure(Arm.untuned("untuned"), arm("winner", winner));
    }

    /**
     * The writes of the setting's plan on the original host (target and value; on an untuned
     * host those that change a value), and the launch; empty when it cannot be planned (then it is measured, and fails).
     */
    @Override
    public Optional<Object> state(Setting s) {
        return states.computeIfAbsent(s, k -> {
            try {
                List<String> writes = new ArrayList<>();
                for (Change c : Planner.plan(original, k.config(base), Optional.empty()).changes()) {
                    if (!originalUntuned || !c.after().equals(c.before())) {
                        writes.add(c.target() + "=" + c.after());
                    }
                }
                writes.sort(null);
                return Optional.of(List.of(writes, k.launch()));
            } catch (ConfigException | PlanException e) {
                return Optional.empty();
            }
        });
    }

    private Arm arm(String label, Setting s) throws BenchException {
        try {
            return Arm.of(label, s.config(base), s.launch());
        } catch (ConfigException e) {
            throw new BenchException(BenchException.FAILED, "candidate " + s + ": " + e.getMessage(), e);
        }
    }

    private Comparison measure(Arm baseline, Arm candidate) throws BenchException {
        long t0 = System.nanoTime();
        List<RunResult> results;
        try {
            results = runner.rounds(List.of(baseline, candidate), runs, warmup);
        } catch (BenchException e) {
            if (runner.cancelled() || e.exitCode() != BenchException.FAILED
                    || !runner.failedArm().equals(Optional.of(candidate))) {
                throw e;
            }
            // the candidate could not be applied or started: a failed run, rejected like any other
            List<Comparison.Run> failed = List.of(new Comparison.Run(Comparison.Side.CANDIDATE, 1, false,
                    OptionalDouble.empty(), e.getMessage(), 0));
            return new Comparison(failed, (System.nanoTime() - t0) / 1_000_000);
        }
        List<Comparison.Run> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            Comparison.Side side = i % 2 == 0 ? Comparison.Side.BASELINE : Comparison.Side.CANDIDATE;
            OptionalDouble v = r.failed() ? OptionalDouble.empty() : ranking.value(r);
            String failure = r.failure();
            if (failure == null && v.isEmpty()) {
                failure = "no " + ranking.name() + " in the output";
            }
            out.add(new Comparison.Run(side, r.round(), r.warmup(), v, failure, r.durationMillis()));
        }
        return new Comparison(out, (System.nanoTime() - t0) / 1_000_000);
    }
}
