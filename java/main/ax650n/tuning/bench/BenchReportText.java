package ax650n.tuning.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text rendering of a {@link BenchReport}. */
final class BenchReportText {
    private BenchReportText() {
    }

    static void print(BenchReport report, PrintStream out) {
        BenchSettings settings = report.settings();
        out.printf(Locale.ROOT, "bench: %d run%s per mode, %d warm-up round%s, order %s (interleaved)%n",
                settings.runs(), settings.runs() == 1 ? "" : "s", settings.warmup(), settings.warmup() == 1 ? "" : "s",
                String.join(" ", report.modeLabels()));
        out.println("command: " + String.join(" ", report.settings().command()));
        out.println("metrics: " + String.join(", ", report.metrics().names()) + " (" + report.metrics().source() + ", "
                + (report.settings().metrics().automatic() ? "detected from the output" : "as given") + "; "
                + report.metrics().ranking().name() + " ranks)");
        boolean first = true;
        for (Metric m : report.metrics().metrics()) {
            out.println();
            table(report, out, m, first);
            first = false;
        }
        out.println();
        out.printf(Locale.ROOT, "n = successful runs that have the value; IQR = Q3-Q1 (quantile definition 7);"
                + " CV = sample stddev/mean, unstable above %.0f%%;%nratio = median / median of %s,"
                + " 95%% percentile-bootstrap interval (%d resamples, seed %d);%njitter = p95 - min across the runs (how far the tail reaches beyond the "
                + "best run; for latency, stability), also as %% of the median%n",
                Summary.UNSTABLE_CV * 100, report.settings().baseline(), RatioEstimate.DEFAULT_RESAMPLES,
                RatioEstimate.DEFAULT_SEED);
        List<String> missing = new ArrayList<>();
        for (Metric m : report.metrics().metrics()) {
            for (Map.Entry<String, Integer> e : report.missingReasons(m.name()).entrySet()) {
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
        for (RunResult r : report.results()) {
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

    private static void table(BenchReport report, PrintStream out, Metric metric, boolean ranking) {
        out.println(metric.title() + ", " + metric.direction() + (ranking ? ", ranks the modes" : ""));
        out.printf(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s %7s  %s%n", "mode", "n", ranking ? "failed" : "",
                "median", "min", "max", "IQR", "CV", "ratio [95% CI]");
        for (BenchReport.ModeStats s : report.stats()) {
            BenchReport.MetricStats ms = s.metric(metric.name());
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
        for (BenchReport.ModeStats s : report.stats()) {
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
}
