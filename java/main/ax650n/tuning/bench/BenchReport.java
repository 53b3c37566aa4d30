package ax650n.tuning.bench;

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

    List<String> modeLabels() {
        List<String> l = new ArrayList<>();
        for (Mode m : settings.modes()) {
            l.add(m.label());
        }
        return l;
    }

    /** The text report: a table per metric with its jitter, the notes, missing values and failed runs. */
    public void printText(PrintStream out) {
        BenchReportText.print(this, out);
    }

    /** The report as JSON (through the project's {@link ax650n.tuning.sys.Json} writer); NaN is written as null. */
    public String toJson() {
        return BenchReportData.json(this);
    }

    /** RFC 4180 CSV, one row per run, a column per metric; empty cells where a number is missing. */
    public String toCsv() {
        return BenchReportData.csv(this);
    }
}
