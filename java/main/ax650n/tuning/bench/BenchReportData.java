package ax650n.tuning.bench;

import ax650n.tuning.sys.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON and CSV renderings of a {@link BenchReport}. */
final class BenchReportData {
    private BenchReportData() {
    }

    /** The report as JSON (through the project's {@link Json} writer); NaN is written as null. */
    static String json(BenchReport report) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", report.settings().command());
        j.put("runs_per_mode", report.settings().runs());
        j.put("warmup_rounds", report.settings().warmup());
        j.put("modes", report.modeLabels());
        j.put("baseline", report.settings().baseline().label());
        j.put("quantiles", "hyndman-fan-7");
        j.put("unstable_cv", Summary.UNSTABLE_CV);
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("resamples", RatioEstimate.DEFAULT_RESAMPLES);
        boot.put("seed", RatioEstimate.DEFAULT_SEED);
        boot.put("confidence", 0.95);
        j.put("bootstrap", boot);
        j.put("jitter", "p95 - min");
        j.put("metric_source", report.metrics().source());
        j.put("metrics_detected", report.settings().metrics().automatic());
        List<Object> defs = new ArrayList<>();
        for (Metric m : report.metrics().metrics()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", m.name());
            d.put("title", m.title());
            d.put("unit", m.unit());
            d.put("lower_is_better", m.lowerIsBetter());
            d.put("ranks", m == report.metrics().ranking());
            defs.add(d);
        }
        j.put("metrics", defs);
        j.put("failed_runs", report.failedRuns());
        List<Object> modes = new ArrayList<>();
        for (BenchReport.ModeStats s : report.stats()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", s.mode().label());
            m.put("runs", s.runs());
            m.put("failed", s.failed());
            Map<String, Object> jitter = new LinkedHashMap<>();
            Map<String, Object> missing = new LinkedHashMap<>();
            for (BenchReport.MetricStats ms : s.metrics()) {
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
        for (RunResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("round", r.round());
            m.put("mode", r.mode().label());
            m.put("warmup", r.warmup());
            m.put("exit_code", r.exitCode());
            Map<String, Object> missing = new LinkedHashMap<>();
            for (Metric metric : report.metrics().metrics()) {
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

    /** RFC 4180 CSV, one row per run, a column per metric; empty cells where a number is missing. */
    static String csv(BenchReport report) {
        StringBuilder c = new StringBuilder("index,round,mode,warmup,exit_code,");
        for (Metric m : report.metrics().metrics()) {
            c.append(m.name()).append(',');
        }
        c.append("duration_ms,failure\r\n");
        for (RunResult r : report.results()) {
            c.append(r.index()).append(',').append(r.round()).append(',').append(r.mode().label()).append(',')
                    .append(r.warmup()).append(',').append(r.exitCode()).append(',');
            for (Metric m : report.metrics().metrics()) {
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
