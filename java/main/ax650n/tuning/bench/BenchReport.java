package ax650n.tuning.bench;

import ax650n.tuning.sys.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a benchmark and their statistics per mode and metric, with three renderings:
 * a text table per metric, JSON, and CSV of the raw samples (one row per run, warm-up and failed
 * runs included). The metrics are those of the settings' {@link MetricChoice} (fixed, or
 * detected from the output); the first ranks.
 */
public final class BenchReport {
    private static final double[] NONE = new double[0];

    /**
     * One metric of one mode: the summary of the counted runs that have it, the ratio of medians
     * against the baseline (null for the baseline itself), and how many counted runs lack it.
     */
    public record MetricStats(Metric metric, Summary summary, RatioEstimate ratio, int missing) {
        /** p95 - min across the runs. */
        public double jitter() {
            return summary.jitter();
        }
    }

    /** Statistics of one mode; ratios are null for the baseline itself. */
    public record ModeStats(Mode mode, int runs, int failed, List<MetricStats> metrics) {
        public ModeStats {
            metrics = List.copyOf(metrics);
        }

        /** The statistics of that metric, or null when it is not in the report's set. */
        public MetricStats metric(String name) {
            for (MetricStats m : metrics) {
                if (m.metric().name().equals(name)) {
                    return m;
                }
            }
            return null;
        }

        /** The ranking metric's statistics. */
        public MetricStats ranking() {
            return metrics.get(0);
        }

        /** ax-llm's decode speed (empty when the report has no tok_s). */
        public Summary speed() {
            MetricStats m = metric("tok_s");
            return m == null ? Summary.of(NONE) : m.summary();
        }

        /** ax-llm's TTFT (empty when the report has no ttft_ms). */
        public Summary ttft() {
            MetricStats m = metric("ttft_ms");
            return m == null ? Summary.of(NONE) : m.summary();
        }

        public RatioEstimate speedRatio() {
            MetricStats m = metric("tok_s");
            return m == null ? null : m.ratio();
        }

        public RatioEstimate ttftRatio() {
            MetricStats m = metric("ttft_ms");
            return m == null ? null : m.ratio();
        }
    }

    private final BenchSettings settings;
    private final MetricSet metrics;
    private final List<RunResult> results;
    private final List<ModeStats> stats;

    public BenchReport(BenchSettings settings, List<RunResult> results) {
        this.settings = settings;
        this.metrics = settings.metrics().current();
        this.results = List.copyOf(results);
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
            boolean base = m == settings.baseline();
            List<MetricStats> ms = new ArrayList<>();
            for (Metric metric : metrics.metrics()) {
                double[] v = values(m, metric.name());
                int missing = 0;
                for (RunResult r : this.results) {
                    if (r.mode() == m && r.counted() && r.value(metric.name()).isEmpty()) {
                        missing++;
                    }
                }
                ms.add(new MetricStats(metric, Summary.of(v),
                        base ? null : RatioEstimate.ofMedians(v, values(settings.baseline(), metric.name())), missing));
            }
            s.add(new ModeStats(m, runs, failed, ms));
        }
        this.stats = List.copyOf(s);
    }

    /** The values of a metric in the counted runs of a mode that have it, in run order. */
    public double[] values(Mode m, String metric) {
        List<Double> v = new ArrayList<>();
        for (RunResult r : results) {
            if (r.mode() == m && r.counted() && r.value(metric).isPresent()) {
                v.add(r.value(metric).getAsDouble());
            }
        }
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }

    /** Decode speeds of the counted runs of a mode, in run order. */
    public double[] speeds(Mode m) {
        return values(m, "tok_s");
    }

    /** TTFTs of the counted runs of a mode that printed one, in run order. */
    public double[] ttfts(Mode m) {
        return values(m, "ttft_ms");
    }

    public BenchSettings settings() {
        return settings;
    }

    /** The metrics the report covers; the first ranks. */
    public MetricSet metrics() {
        return metrics;
    }

    public List<RunResult> results() {
        return results;
    }

    public List<ModeStats> stats() {
        return stats;
    }

    public ModeStats stats(Mode m) {
        for (ModeStats s : stats) {
            if (s.mode() == m) {
                return s;
            }
        }
        throw new IllegalArgumentException("mode not benchmarked: " + m);
    }

    /** Measured runs that failed, over all modes. */
    public int failedRuns() {
        int n = 0;
        for (RunResult r : results) {
            if (!r.warmup() && r.failed()) {
                n++;
            }
        }
        return n;
    }

    /** Why a metric is missing in counted runs: reason and how many runs, in first-seen order. */
    public Map<String, Integer> missingReasons(String metric) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.counted() && r.value(metric).isEmpty()) {
                reasons.merge(r.missing(metric), 1, Integer::sum);
            }
        }
        return reasons;
    }

    private List<String> modeLabels() {
        List<String> l = new ArrayList<>();
        for (Mode m : settings.modes()) {
            l.add(m.label());
        }
        return l;
    }

    // ---- text ----------------------------------------------------------------------------

    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "bench: %d run%s per mode, %d warm-up round%s, order %s (interleaved)%n",
                settings.runs(), settings.runs() == 1 ? "" : "s", settings.warmup(), settings.warmup() == 1 ? "" : "s",
                String.join(" ", modeLabels()));
        out.println("command: " + String.join(" ", settings.command()));
        out.println("metrics: " + String.join(", ", metrics.names()) + " (" + metrics.source() + ", "
                + (settings.metrics().automatic() ? "detected from the output" : "as given") + "; "
                + metrics.ranking().name() + " ranks)");
        boolean first = true;
        for (Metric m : metrics.metrics()) {
            out.println();
            table(out, m, first);
            first = false;
        }
        out.println();
        out.printf(Locale.ROOT, "n = successful runs that have the value; IQR = Q3-Q1 (quantile definition 7); CV = sample stddev/mean, "
                + "unstable above %.0f%%;%nratio = median / median of %s, 95%% percentile-bootstrap interval "
                + "(%d resamples, seed %d);%njitter = p95 - min across the runs (how far the tail reaches beyond the "
                + "best run; for latency, stability), also as %% of the median%n",
                Summary.UNSTABLE_CV * 100, settings.baseline(), RatioEstimate.DEFAULT_RESAMPLES,
                RatioEstimate.DEFAULT_SEED);
        List<String> missing = new ArrayList<>();
        for (Metric m : metrics.metrics()) {
            for (Map.Entry<String, Integer> e : missingReasons(m.name()).entrySet()) {
                missing.add(String.format(Locale.ROOT, "  %s: %d run%s: %s", m.name(), e.getValue(),
                        e.getValue() == 1 ? "" : "s", e.getKey()));
            }
        }
        if (!missing.isEmpty()) {
            out.println();
            out.println("missing values (not failures):");
            for (String l : missing) {
                out.println(l);
            }
        }
        List<RunResult> failed = new ArrayList<>();
        for (RunResult r : results) {
            if (r.failed()) {
                failed.add(r);
            }
        }
        if (!failed.isEmpty()) {
            out.println();
            out.println("failed runs:");
            for (RunResult r : failed) {
                out.printf(Locale.ROOT, "  run %d (round %d, %s%s): %s%n", r.index(), r.round(), r.mode(),
                        r.warmup() ? ", warm-up, not counted" : "", r.failure());
            }
        }
    }

    private void table(PrintStream out, Metric metric, boolean ranking) {
        out.println(metric.title() + ", " + metric.direction() + (ranking ? ", ranks the modes" : ""));
        out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s %7s  %s%n", "mode", "n", ranking ? "failed" : "",
                "median", "min", "max", "IQR", "CV", "ratio [95% CI]");
        for (ModeStats s : stats) {
            MetricStats ms = s.metric(metric.name());
            Summary sum = ms.summary();
            RatioEstimate ratio = ms.ratio();
            String ratioText = ratio == null ? "baseline"
                    : !ratio.defined() ? "n/a"
                    : String.format(Locale.ROOT, "%.3f [%s, %s]", ratio.ratio(), num3(ratio.low()), num3(ratio.high()));
            out.printf(Locale.ROOT, "  %-13s %3d %6s %8s %8s %8s %8s %7s  %s%s%n", s.mode(), sum.n(),
                    ranking ? Integer.toString(s.failed()) : "", metric.format(sum.median()),
                    metric.format(sum.min()), metric.format(sum.max()), sum.n() == 0 ? "-" : metric.format(sum.iqr()),
                    cv(sum), ratioText, sum.unstable() ? "  UNSTABLE" : "");
        }
        out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s%n", "jitter", "", "", "median", "CV", "p95-min",
                "of med.");
        for (ModeStats s : stats) {
            Summary sum = s.metric(metric.name()).summary();
            double rel = sum.n() == 0 || sum.median() == 0 ? Double.NaN : sum.jitter() / Math.abs(sum.median());
            out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s%n", s.mode(), "", "", metric.format(sum.median()),
                    cv(sum), metric.format(sum.jitter()),
                    Double.isNaN(rel) ? "-" : String.format(Locale.ROOT, "%.1f%%", rel * 100));
        }
    }

    private static String cv(Summary sum) {
        return Double.isNaN(sum.cv()) ? "-" : String.format(Locale.ROOT, "%.1f%%", sum.cv() * 100);
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
        j.put("modes", modeLabels());
        j.put("baseline", settings.baseline().label());
        j.put("quantiles", "hyndman-fan-7");
        j.put("unstable_cv", Summary.UNSTABLE_CV);
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("resamples", RatioEstimate.DEFAULT_RESAMPLES);
        boot.put("seed", RatioEstimate.DEFAULT_SEED);
        boot.put("confidence", 0.95);
        j.put("bootstrap", boot);
        j.put("jitter", "p95 - min");
        j.put("metric_source", metrics.source());
        j.put("metrics_detected", settings.metrics().automatic());
        List<Object> defs = new ArrayList<>();
        for (Metric m : metrics.metrics()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", m.name());
            d.put("title", m.title());
            d.put("unit", m.unit());
            d.put("lower_is_better", m.lowerIsBetter());
            d.put("ranks", m == metrics.ranking());
            defs.add(d);
        }
        j.put("metrics", defs);
        j.put("failed_runs", failedRuns());
        List<Object> modes = new ArrayList<>();
        for (ModeStats s : stats) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", s.mode().label());
            m.put("runs", s.runs());
            m.put("failed", s.failed());
            Map<String, Object> jitter = new LinkedHashMap<>();
            Map<String, Object> missing = new LinkedHashMap<>();
            for (MetricStats ms : s.metrics()) {
                m.put(ms.metric().name(), summaryJson(ms.summary(), ms.ratio()));
                Map<String, Object> jt = new LinkedHashMap<>();
                jt.put("p95", ms.summary().p95());
                jt.put("p95_minus_min", ms.jitter());
                jitter.put(ms.metric().name(), jt);
                missing.put(ms.metric().name(), ms.missing());
            }
            m.put("jitter", jitter);
            m.put("missing", missing);
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
            Map<String, Object> missing = new LinkedHashMap<>();
            for (Metric metric : metrics.metrics()) {
                m.put(metric.name(), r.value(metric.name()).isPresent() ? r.value(metric.name()).getAsDouble() : null);
                if (r.value(metric.name()).isEmpty()) {
                    missing.put(metric.name(), r.missing(metric.name()));
                }
            }
            m.put("missing", missing);
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

    // ---- CSV -----------------------------------------------------------------------------

    /** RFC 4180 CSV, one row per run, a column per metric; empty cells where a number is missing. */
    public String toCsv() {
        StringBuilder c = new StringBuilder("index,round,mode,warmup,exit_code,");
        for (Metric m : metrics.metrics()) {
            c.append(m.name()).append(',');
        }
        c.append("duration_ms,failure\r\n");
        for (RunResult r : results) {
            c.append(r.index()).append(',').append(r.round()).append(',').append(r.mode().label()).append(',')
                    .append(r.warmup()).append(',').append(r.exitCode()).append(',');
            for (Metric m : metrics.metrics()) {
                if (r.value(m.name()).isPresent()) {
                    c.append(Double.toString(r.value(m.name()).getAsDouble()));
                }
                c.append(',');
            }
            c.append(r.durationMillis()).append(',')
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
