package ax650n.tuning.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One execution of the benchmarked command.
 *
 * @param index 1-based position in execution order, warm-up runs included
 * @param round 1-based round (warm-up rounds come first and are numbered too)
 * @param warmup warm-up runs are reported but not counted in the statistics
 * @param exitCode the command's exit status (128 + signal when killed; -1 when it never started)
 * @param values every metric of the set that read the run, by name in set order, present or missing with the reason
 * @param failure why the run is failed (non-zero exit, ranking metric missing, timeout, start failure), or null
 * @param outputTail the last lines of its output, kept for failed runs
 */
public record RunResult(int index, int round, Mode mode, boolean warmup, int exitCode, Map<String, MetricValue> values,
        String failure, long durationMillis, String outputTail) {

    public RunResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads a finished run: its metrics from the set {@code choice} picks for the output, and
     * whether it failed: timed out, exited non-zero, or the ranking metric is missing (the other
     * metrics may be missing without failing the run).
     *
     * @param timedOut "timeout after N s" when the run was killed for it, else null
     */
    public static RunResult measure(int index, int round, Mode mode, boolean warmup, int exitCode, String timedOut,
            String output, long wallNanos, MetricChoice choice) {
        RunOutput run = RunOutput.of(output, wallNanos);
        MetricSet set = choice.forRun(run);
        Map<String, MetricValue> values = set.measure(run);
        MetricValue ranking = values.get(set.ranking().name());
        String failure = timedOut;
        if (failure == null && exitCode != 0) {
            failure = "exit status " + exitCode + (ranking.present() ? "" : ", " + brief(ranking.missing()));
        }
        if (failure == null && !ranking.present()) {
            failure = set.ranking().name().equals("tok_s") ? ranking.missing()
                    : set.ranking().name() + " missing: " + ranking.missing();
        }
        return new RunResult(index, round, mode, warmup, exitCode, values, failure,
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(wallNanos),
                failure == null ? "" : BenchRunner.tail(output));
    }

    /** "no speed line in the output" becomes "no speed line" after "exit status N, ". */
    private static String brief(String reason) {
        return reason.endsWith(" in the output") ? reason.substring(0, reason.length() - " in the output".length())
                : reason;
    }

    public boolean failed() {
        return failure != null;
    }

    /** A measured (not warm-up), successful run: its numbers enter the statistics. */
    public boolean counted() {
        return !warmup && !failed();
    }

    /** The metric's value; empty when missing or not read in this run. */
    public OptionalDouble value(String metric) {
        MetricValue v = values.get(metric);
        return v == null ? OptionalDouble.empty() : v.optional();
    }

    /** Why the metric is missing, or null when present. */
    public String missing(String metric) {
        MetricValue v = values.get(metric);
        return v == null ? "not read in this run" : v.missing();
    }

    /** ax-llm's decode speed, when read. */
    public OptionalDouble tokensPerSecond() {
        return value("tok_s");
    }

    /** ax-llm's time to first token, when read. */
    public OptionalDouble ttftMillis() {
        return value("ttft_ms");
    }

    /**
     * The progress line: "bench: run 8/8, round 4, tuned: 12.00 tok/s, ttft 320.00 ms (1.2 s)"; the
     * ranking metric always (or "no speed"), the others when present, then FAILED and why.
     */
    public String progressLine(int total, MetricSet set) {
        return progressLine("bench", mode.label(), total, set);
    }

    /** The progress line of {@code command} ("bench", "autotune") with the run's arm called {@code label}. */
    public String progressLine(String command, String label, int total, MetricSet set) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: run %d/%d, round %d, %s%s: ", command, index, total, round, label,
                warmup ? " (warm-up)" : ""));
        boolean first = true;
        for (Metric m : set.metrics()) {
            MetricValue v = values.get(m.name());
            if (v == null) {
                v = MetricValue.missing("not read");
            }
            if (first || v.present()) {
                sb.append(first ? "" : ", ").append(m.progress(v));
            }
            first = false;
        }
        sb.append(String.format(Locale.ROOT, " (%.1f s)", durationMillis / 1000.0));
        if (failed()) {
            sb.append(" FAILED: ").append(failure);
        }
        return sb.toString();
    }
}
