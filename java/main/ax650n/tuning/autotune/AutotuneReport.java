package ax650n.tuning.autotune;

import ax650n.tuning.bench.RatioEstimate;
import ax650n.tuning.bench.Summary;
import ax650n.tuning.sys.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What autotune prints: the table of every candidate tried (factor, value, effect against the
 * best of that moment with its 95 % interval, decision), why the search stopped, the winner
 * against untuned, and the winning configuration as config lines; or all of it, with every
 * run's number, as JSON.
 */
public final class AutotuneReport {
    private final Search.Outcome outcome;
    private final Ranking ranking;
    private final List<String> command;
    private final int runs;
    private final List<Factor> searched;
    private final String launchHint;

    /**
     * @param launchHint how to start the command as the winner does, for the config's comment
     *     (e.g. {@code ax650n-tune run --cpus 5,7 -- CMD})
     */
    public AutotuneReport(Search.Outcome outcome, Ranking ranking, List<String> command, int runs, List<Factor> searched,
            String launchHint) {
        this.outcome = outcome;
        this.launchHint = launchHint;
        this.ranking = ranking;
        this.command = List.copyOf(command);
        this.runs = runs;
        this.searched = List.copyOf(searched);
    }

    public Search.Outcome outcome() {
        return outcome;
    }

    /**
     * The drop-in's text (its first line, the autotune mark, is the writer's): what it was tuned
     * for, the launch as a comment, and the searched config keys with the winner's values.
     */
    public String dropIn() {
        StringBuilder sb = new StringBuilder();
        sb.append("# the winner for: ").append(oneLine(String.join(" ", command))).append('\n');
        sb.append("# ranking metric: ").append(ranking.title()).append("; ")
                .append(effect(outcome.finalEffect())).append(" against untuned\n");
        String launch = outcome.winner().value(Factor.LAUNCH);
        sb.append("# launch: ").append(launch).append(" (").append(oneLine(launchHint)).append(")\n");
        sb.append(outcome.winner().configLines(searched));
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    // ---- text ----------------------------------------------------------------------------

    /** The text report. */
    public String text() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream p = new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        printText(p);
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "autotune: %d run%s per arm, interleaved (A B A B ...); ranking by %s, %s is better%n",
                runs, runs == 1 ? "" : "s", ranking.title(), ranking.higherIsBetter() ? "higher" : "lower");
        out.println("command: " + oneLine(String.join(" ", command)));
        out.println("start:   " + outcome.start());
        out.println();
        out.printf(Locale.ROOT, "  %-4s %-15s %-15s %-28s %s%n", "pass", "factor", "value", "effect vs best [95% CI]",
                "decision");
        for (Search.Trial t : outcome.trials()) {
            out.printf(Locale.ROOT, "  %-4d %-15s %-15s %-28s %s%n", t.pass(), t.factor().key(), t.value(),
                    t.effect() == null ? "-" : effect(t.effect()),
                    t.verdict() == Search.Verdict.KEPT ? "kept" : t.verdict().label() + " (" + t.reason() + ")");
            if (t.confirmation() != null) {
                out.printf(Locale.ROOT, "  %-4s %-15s %-15s %-28s %s%n", "", "", "(confirmation)",
                        effect(t.confirmedEffect()), t.verdict() == Search.Verdict.KEPT ? "kept" : "not confirmed");
            }
        }
        if (outcome.trials().isEmpty()) {
            out.println("  (nothing to try)");
        }
        out.println();
        long comparisons = outcome.trials().stream().filter(t -> t.comparison() != null).count()
                + outcome.trials().stream().filter(t -> t.confirmation() != null).count();
        out.printf(Locale.ROOT, "stopped: %s (%d pass%s, %d comparison%s and the final one, %.1f min)%n",
                outcome.stop().label(), outcome.passes(), outcome.passes() == 1 ? "" : "es", comparisons,
                comparisons == 1 ? "" : "s", outcome.nanos() / 60e9);
        out.println("winner:  " + outcome.winner());
        Comparison fin = outcome.finalComparison();
        Summary u = Summary.of(fin.values(Comparison.Side.BASELINE));
        Summary w = Summary.of(fin.values(Comparison.Side.CANDIDATE));
        out.printf(Locale.ROOT, "winner vs untuned: median %s vs %s %s, %s%s%n", num(w.median()), num(u.median()),
                ranking.unit(), effect(outcome.finalEffect()),
                fin.failures(Comparison.Side.CANDIDATE).isEmpty() && fin.failures(Comparison.Side.BASELINE).isEmpty()
                        ? "" : " (" + (fin.failures(Comparison.Side.CANDIDATE).size()
                        + fin.failures(Comparison.Side.BASELINE).size()) + " runs FAILED)");
        out.println();
        out.println("winning configuration:");
        for (String l : dropIn().split("\n")) {
            out.println("  " + l);
        }
        out.println();
        out.println("effect = median(candidate) / median(best of that moment), 95% percentile-bootstrap interval ("
                + RatioEstimate.DEFAULT_RESAMPLES + " resamples); kept only when the whole interval is on the better side,"
                + " in a second comparison too");
    }

    /** {@code 1.062 [1.041, 1.080] (+6.2 %)}, or n/a. */
    static String effect(RatioEstimate e) {
        if (e == null || !e.defined() || Double.isNaN(e.low())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%+.1f %%)", e.ratio(), e.low(), e.high(),
                (e.ratio() - 1) * 100);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    // ---- JSON ----------------------------------------------------------------------------

    public String toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", command);
        j.put("runs_per_arm", runs);
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("name", ranking.name());
        metric.put("title", ranking.title());
        metric.put("unit", ranking.unit());
        metric.put("higher_is_better", ranking.higherIsBetter());
        j.put("metric", metric);
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("resamples", RatioEstimate.DEFAULT_RESAMPLES);
        boot.put("seed", RatioEstimate.DEFAULT_SEED);
        boot.put("confidence", 0.95);
        j.put("bootstrap", boot);
        j.put("factors", searched.stream().map(Factor::key).toList());
        j.put("start", setting(outcome.start()));
        List<Object> trials = new ArrayList<>();
        for (Search.Trial t : outcome.trials()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pass", t.pass());
            m.put("factor", t.factor().key());
            m.put("value", t.value());
            m.put("note", t.note());
            m.put("best", setting(t.best()));
            m.put("candidate", setting(t.candidate()));
            m.put("decision", t.verdict().name().toLowerCase(Locale.ROOT));
            m.put("kept", t.verdict() == Search.Verdict.KEPT);
            m.put("reason", t.reason());
            m.put("effect", ratio(t.effect()));
            m.put("runs", t.comparison() == null ? List.of() : runs(t.comparison()));
            if (t.confirmation() != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("effect", ratio(t.confirmedEffect()));
                c.put("runs", runs(t.confirmation()));
                m.put("confirmation", c);
            }
            trials.add(m);
        }
        j.put("candidates", trials);
        j.put("stop", outcome.stop().name().toLowerCase(Locale.ROOT));
        j.put("passes", outcome.passes());
        j.put("duration_ms", outcome.nanos() / 1_000_000);
        j.put("winner", setting(outcome.winner()));
        j.put("changed", outcome.changed().stream().map(Factor::key).toList());
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("baseline", "untuned");
        fin.put("effect", ratio(outcome.finalEffect()));
        fin.put("runs", runs(outcome.finalComparison()));
        j.put("winner_vs_untuned", fin);
        j.put("config", dropIn());
        return Json.write(j);
    }

    private static Map<String, Object> setting(Setting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Factor f : Factor.values()) {
            m.put(f.key(), s.value(f));
        }
        return m;
    }

    private static Map<String, Object> ratio(RatioEstimate e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratio", e.ratio());
        m.put("low", e.low());
        m.put("high", e.high());
        return m;
    }

    private static List<Object> runs(Comparison c) {
        List<Object> out = new ArrayList<>();
        for (Comparison.Run r : c.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("side", r.side() == Comparison.Side.BASELINE ? "baseline" : "candidate");
            m.put("round", r.round());
            m.put("warmup", r.warmup());
            m.put("value", r.value().isPresent() ? r.value().getAsDouble() : null);
            m.put("failure", r.failure());
            m.put("duration_ms", r.millis());
            out.add(m);
        }
        return out;
    }
}
