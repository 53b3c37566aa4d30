package ax650n.tuning.bench;

import ax650n.tuning.sys.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The results of a benchmark and their statistics per mode, with three renderings: a text
 * table, JSON, and CSV of the raw samples (one row per run, warm-up and failed runs included).
 */
public final class BenchReport {
    /** Statistics of one mode; ratios are null for the baseline itself. */
    public record ModeStats(Mode mode, int runs, int failed, Summary speed, Summary ttft, RatioEstimate speedRatio,
            RatioEstimate ttftRatio) {
    }

    private final BenchSettings settings;
    private final List<RunResult> results;
    private final List<ModeStats> stats;

    public BenchReport(BenchSettings settings, List<RunResult> results) {
        this.settings = settings;
        this.results = List.copyOf(results);
        double[] baseSpeed = speeds(settings.baseline());
        double[] baseTtft = ttfts(settings.baseline());
        List<ModeStats> s = new ArrayList<>();
        for (Mode m : settings.modes()) {
            int runs = 0;
            int failed = 0;
            for (RunResult r : this.results) {
                if (r.mode() == m && !r.warmup()) {
                    runs++;
                    if (r.failed()) {
                        failed++;
                    }
                }
            }
            double[] sp = speeds(m);
            double[] tt = ttfts(m);
            boolean base = m == settings.baseline();
            s.add(new ModeStats(m, runs, failed, Summary.of(sp), Summary.of(tt),
                    base ? null : RatioEstimate.ofMedians(sp, baseSpeed),
                    base ? null : RatioEstimate.ofMedians(tt, baseTtft)));
        }
        this.stats = List.copyOf(s);
    }

    /** Decode speeds of the counted runs of a mode, in run order. */
    public double[] speeds(Mode m) {
        return results.stream().filter(r -> r.mode() == m && r.counted())
                .mapToDouble(r -> r.tokensPerSecond().getAsDouble()).toArray();
    }

    /** TTFTs of the counted runs of a mode that printed one, in run order. */
    public double[] ttfts(Mode m) {
        return results.stream().filter(r -> r.mode() == m && r.counted() && r.ttftMillis().isPresent())
                .mapToDouble(r -> r.ttftMillis().getAsDouble()).toArray();
    }

    public BenchSettings settings() {
        return settings;
    }

    public List<RunResult> results() {
        return results;
    }

    public List<ModeStats> stats() {
        return stats;
    }

    public ModeStats stats(Mode m) {
        return stats.stream().filter(s -> s.mode() == m).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode not benchmarked: " + m));
    }

    /** Measured runs that failed, over all modes. */
    public int failedRuns() {
        return (int) results.stream().filter(r -> !r.warmup() && r.failed()).count();
    }

    // ---- text ----------------------------------------------------------------------------

    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "bench: %d run%s per mode, %d warm-up round%s, order %s (interleaved)%n",
                settings.runs(), settings.runs() == 1 ? "" : "s", settings.warmup(), settings.warmup() == 1 ? "" : "s",
                String.join(" ", settings.modes().stream().map(Mode::label).toList()));
        out.println("command: " + String.join(" ", settings.command()));
        out.println();
        table(out, "decode speed (tok/s)", true);
        out.println();
        table(out, "time to first token (ms)", false);
        out.println();
        out.printf(Locale.ROOT, "n = successful runs (TTFT: those that printed one); IQR = Q3-Q1 (quantile definition 7); CV = sample stddev/mean, "
                + "unstable above %.0f%%;%nratio = median / median of %s, 95%% percentile-bootstrap interval "
                + "(%d resamples, seed %d)%n", Summary.UNSTABLE_CV * 100, settings.baseline(),
                RatioEstimate.DEFAULT_RESAMPLES, RatioEstimate.DEFAULT_SEED);
        List<RunResult> failed = results.stream().filter(RunResult::failed).toList();
        if (!failed.isEmpty()) {
            out.println();
            out.println("failed runs:");
            for (RunResult r : failed) {
                out.printf(Locale.ROOT, "  run %d (round %d, %s%s): %s%n", r.index(), r.round(), r.mode(),
                        r.warmup() ? ", warm-up, not counted" : "", r.failure());
            }
        }
    }

    private void table(PrintStream out, String title, boolean speed) {
        out.println(title);
        out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s %7s  %s%n", "mode", "n", speed ? "failed" : "",
                "median", "min", "max", "IQR", "CV", "ratio [95% CI]");
        for (ModeStats s : stats) {
            Summary sum = speed ? s.speed() : s.ttft();
            RatioEstimate ratio = speed ? s.speedRatio() : s.ttftRatio();
            String ratioText = ratio == null ? "baseline"
                    : !ratio.defined() ? "n/a"
                    : String.format(Locale.ROOT, "%.3f [%s, %s]", ratio.ratio(), num3(ratio.low()), num3(ratio.high()));
            String cv = Double.isNaN(sum.cv()) ? "-" : String.format(Locale.ROOT, "%.1f%%", sum.cv() * 100);
            out.printf(Locale.ROOT, "  %-13s %3d %6s %8s %8s %8s %8s %7s  %s%s%n", s.mode(), sum.n(),
                    speed ? Integer.toString(s.failed()) : "", num2(sum.median()), num2(sum.min()), num2(sum.max()),
                    sum.n() == 0 ? "-" : num2(sum.iqr()), cv, ratioText, sum.unstable() ? "  UNSTABLE" : "");
        }
    }

    private static String num2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    // ---- JSON ----------------------------------------------------------------------------

    /** The report as JSON (through the project's {@link Json} writer); NaN is written as null. */
    public String toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", settings.command());
        j.put("runs_per_mode", settings.runs());
        j.put("warmup_rounds", settings.warmup());
        j.put("modes", settings.modes().stream().map(Mode::label).toList());
        j.put("baseline", settings.baseline().label());
        j.put("quantiles", "hyndman-fan-7");
        j.put("unstable_cv", Summary.UNSTABLE_CV);
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("resamples", RatioEstimate.DEFAULT_RESAMPLES);
        boot.put("seed", RatioEstimate.DEFAULT_SEED);
        boot.put("confidence", 0.95);
        j.put("bootstrap", boot);
        j.put("failed_runs", failedRuns());
        List<Object> modes = new ArrayList<>();
        for (ModeStats s : stats) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", s.mode().label());
            m.put("runs", s.runs());
            m.put("failed", s.failed());
            m.put("tok_s", summaryJson(s.speed(), s.speedRatio()));
            m.put("ttft_ms", summaryJson(s.ttft(), s.ttftRatio()));
            modes.add(m);
        }
        j.put("results", modes);
        List<Object> runs = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("round", r.round());
            m.put("mode", r.mode().label());
            m.put("warmup", r.warmup());
            m.put("exit_code", r.exitCode());
            m.put("tok_s", boxed(r.tokensPerSecond()));
            m.put("ttft_ms", boxed(r.ttftMillis()));
            m.put("duration_ms", r.durationMillis());
            m.put("failure", r.failure());
            runs.add(m);
        }
        j.put("runs", runs);
        return Json.write(j);
    }

    private static Map<String, Object> summaryJson(Summary s, RatioEstimate ratio) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.n());
        m.put("median", s.median());
        m.put("min", s.min());
        m.put("max", s.max());
        m.put("q1", s.q1());
        m.put("q3", s.q3());
        m.put("iqr", s.n() == 0 ? Double.NaN : s.iqr());
        m.put("cv", s.cv());
        m.put("unstable", s.unstable());
        if (ratio != null) {
            m.put("ratio", ratio.ratio());
            m.put("ratio_low", ratio.low());
            m.put("ratio_high", ratio.high());
        }
        return m;
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    // ---- CSV -----------------------------------------------------------------------------

    /** RFC 4180 CSV, one row per run; empty cells where a number is missing. */
    public String toCsv() {
        StringBuilder c = new StringBuilder("index,round,mode,warmup,exit_code,tok_s,ttft_ms,duration_ms,failure\r\n");
        for (RunResult r : results) {
            c.append(r.index()).append(',').append(r.round()).append(',').append(r.mode().label()).append(',')
                    .append(r.warmup()).append(',').append(r.exitCode()).append(',')
                    .append(r.tokensPerSecond().isPresent() ? Double.toString(r.tokensPerSecond().getAsDouble()) : "")
                    .append(',')
                    .append(r.ttftMillis().isPresent() ? Double.toString(r.ttftMillis().getAsDouble()) : "")
                    .append(',').append(r.durationMillis()).append(',')
                    .append(r.failure() == null ? "" : csvCell(r.failure())).append("\r\n");
        }
        return c.toString();
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
