package ax650n.tuning.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        out.printf(Locale.ROOT, "n = successful runs; IQR = Q3-Q1 (quantile definition 7); CV = sample stddev/mean, "
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
        out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s %7s  %-28s%n", "mode", "n", "failed", "median", "min",
                "max", "IQR", "CV", "ratio [95% CI]");
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

    public String toJson() {
        StringBuilder j = new StringBuilder();
        j.append("{\n  \"command\": [");
        for (int i = 0; i < settings.command().size(); i++) {
            j.append(i == 0 ? "" : ", ").append(str(settings.command().get(i)));
        }
        j.append("],\n  \"runs_per_mode\": ").append(settings.runs())
                .append(",\n  \"warmup_rounds\": ").append(settings.warmup())
                .append(",\n  \"modes\": [");
        for (int i = 0; i < settings.modes().size(); i++) {
            j.append(i == 0 ? "" : ", ").append(str(settings.modes().get(i).label()));
        }
        j.append("],\n  \"baseline\": ").append(str(settings.baseline().label()))
                .append(",\n  \"quantiles\": \"hyndman-fan-7\"")
                .append(",\n  \"unstable_cv\": ").append(Summary.UNSTABLE_CV)
                .append(",\n  \"bootstrap\": {\"resamples\": ").append(RatioEstimate.DEFAULT_RESAMPLES)
                .append(", \"seed\": ").append(RatioEstimate.DEFAULT_SEED).append(", \"confidence\": 0.95}")
                .append(",\n  \"failed_runs\": ").append(failedRuns())
                .append(",\n  \"results\": [");
        for (int i = 0; i < stats.size(); i++) {
            ModeStats s = stats.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"mode\": ").append(str(s.mode().label()))
                    .append(", \"runs\": ").append(s.runs()).append(", \"failed\": ").append(s.failed())
                    .append(",\n     \"tok_s\": ").append(summaryJson(s.speed(), s.speedRatio()))
                    .append(",\n     \"ttft_ms\": ").append(summaryJson(s.ttft(), s.ttftRatio())).append('}');
        }
        j.append("\n  ],\n  \"runs\": [");
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"index\": ").append(r.index())
                    .append(", \"round\": ").append(r.round())
                    .append(", \"mode\": ").append(str(r.mode().label()))
                    .append(", \"warmup\": ").append(r.warmup())
                    .append(", \"exit_code\": ").append(r.exitCode())
                    .append(", \"tok_s\": ").append(num(r.tokensPerSecond()))
                    .append(", \"ttft_ms\": ").append(num(r.ttftMillis()))
                    .append(", \"duration_ms\": ").append(r.durationMillis())
                    .append(", \"failure\": ").append(r.failure() == null ? "null" : str(r.failure())).append('}');
        }
        j.append("\n  ]\n}\n");
        return j.toString();
    }

    private static String summaryJson(Summary s, RatioEstimate ratio) {
        StringBuilder j = new StringBuilder();
        j.append("{\"n\": ").append(s.n())
                .append(", \"median\": ").append(num(s.median()))
                .append(", \"min\": ").append(num(s.min()))
                .append(", \"max\": ").append(num(s.max()))
                .append(", \"q1\": ").append(num(s.q1()))
                .append(", \"q3\": ").append(num(s.q3()))
                .append(", \"iqr\": ").append(num(s.n() == 0 ? Double.NaN : s.iqr()))
                .append(", \"cv\": ").append(num(s.cv()))
                .append(", \"unstable\": ").append(s.unstable());
        if (ratio != null) {
            j.append(", \"ratio\": ").append(num(ratio.ratio()))
                    .append(", \"ratio_low\": ").append(num(ratio.low()))
                    .append(", \"ratio_high\": ").append(num(ratio.high()));
        }
        return j.append('}').toString();
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "null";
    }

    /** A JSON number (shortest form that reads back as the same double), or null for NaN. */
    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
