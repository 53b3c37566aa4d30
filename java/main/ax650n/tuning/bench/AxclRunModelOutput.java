package ax650n.tuning.bench;

import ax650n.tuning.sys.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency summary that {@code axcl_run_model} (AXCL host tool, PCIe card) and
 * {@code ax_run_model} (native AX650 board) print after their runs (java/testdata/axcl):
 * <pre>
 *   older:  min =   0.719 ms   max =   0.726 ms   avg =   0.721 ms
 *   newer:  min =   7.793 ms   max =   7.929 ms   avg =   7.804 ms  median =   7.799 ms
 *            5% =   7.796 ms   90% =   7.808 ms   95% =   7.832 ms     99% =   7.929 ms
 * </pre>
 * Column alignment, rulers and indentation vary between versions: a line is read as
 * {@code KEY = NUMBER UNIT} pairs, whatever the spacing. The summary line is the last one with at
 * least two of {@code min}, {@code max}, {@code avg}; the percentile line the last one with a
 * {@code N% =} pair. Only milliseconds are read: a pair in another unit, without a unit or
 * without a number makes that metric missing with the line quoted, never a guess.
 */
public final class AxclRunModelOutput {
    private static final Pattern PAIR = Pattern.compile(
            "(?<![A-Za-z0-9_.%])([A-Za-z]+|[0-9]+(?:\\.[0-9]+)?%)\\s*=\\s*"
                    + "([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[^\\s=]+)"
                    + "(?:[ \\t]*([A-Za-z\u00b5]+))?(?=[\\s,;|]|$)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern HEADER = Pattern.compile("^\\s*Run AxModel:\\s*$", Pattern.MULTILINE);

    /** One {@code KEY = VALUE UNIT} pair as printed. */
    private record Pair(String value, String unit) {
    }

    private final boolean header;
    private final String summaryLine;
    private final Map<String, Pair> summary;
    private final String percentileLine;
    private final Map<String, Pair> percentiles;

    private AxclRunModelOutput(boolean header, String summaryLine, Map<String, Pair> summary, String percentileLine,
            Map<String, Pair> percentiles) {
        this.header = header;
        this.summaryLine = summaryLine;
        this.summary = summary;
        this.percentileLine = percentileLine;
        this.percentiles = percentiles;
    }

    /** Reads the whole output of one run (ANSI escapes are removed first). Never throws. */
    public static AxclRunModelOutput parse(String text) {
        String clean = AxLlmOutput.stripAnsi(text);
        String summaryLine = null;
        Map<String, Pair> summary = Map.of();
        String percentileLine = null;
        Map<String, Pair> percentiles = Map.of();
        for (String raw : clean.split("\n", -1)) {
            if (raw.indexOf('=') < 0) {
                continue;
            }
            Map<String, Pair> pairs = pairs(raw);
            int keys = (pairs.containsKey("min") ? 1 : 0) + (pairs.containsKey("max") ? 1 : 0)
                    + (pairs.containsKey("avg") ? 1 : 0);
            if (keys >= 2) {
                summaryLine = raw.strip();
                summary = pairs;
            }
            for (String k : pairs.keySet()) {
                if (k.endsWith("%")) {
                    percentileLine = raw.strip();
                    percentiles = pairs;
                    break;
                }
            }
        }
        return new AxclRunModelOutput(HEADER.matcher(clean).find(), summaryLine, summary, percentileLine, percentiles);
    }

    private static Map<String, Pair> pairs(String line) {
        Map<String, Pair> pairs = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(line);
        while (m.find()) {
            pairs.putIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT),
                    new Pair(m.group(2), m.group(3) == null ? "" : m.group(3)));
        }
        return pairs;
    }

    /** A summary line or the {@code Run AxModel:} header is in the output. */
    public boolean recognised() {
        return header || summaryLine != null;
    }

    /** The summary line as printed (stripped), or null. */
    public String summaryLine() {
        return summaryLine;
    }

    /** The percentile line as printed (stripped), or null. */
    public String percentileLine() {
        return percentileLine;
    }

    /** {@code min}, {@code max}, {@code avg} or {@code median} of the summary line, in ms. */
    public MetricValue summary(String key) {
        if (summaryLine == null) {
            return MetricValue.missing(header ? "'Run AxModel:' printed but no summary line 'min = … ms  max = … ms"
                    + "  avg = … ms' in a shape this version reads"
                    : "no axcl_run_model summary line (min = … ms  max = … ms  avg = … ms) in the output");
        }
        Pair p = summary.get(key);
        if (p == null) {
            if ("median".equals(key) && summary.keySet().equals(java.util.Set.of("min", "max", "avg"))) {
                return MetricValue.missing("median not printed (this runner prints min/max/avg only)");
            }
            return MetricValue.missing("no '" + key + " = … ms' in the summary line '" + Printable.clip(summaryLine)
                    + "'");
        }
        return value(key, p, summaryLine);
    }

    /** The {@code N%} percentile (e.g. "95%") of the percentile line, in ms. */
    public MetricValue percentile(String key) {
        if (percentileLine == null) {
            return MetricValue.missing(summaryLine == null ? summary("avg").missing()
                    : "no percentile line (5% = … ms  95% = … ms) in the output (this runner prints none)");
        }
        Pair p = percentiles.get(key);
        if (p == null) {
            return MetricValue.missing("no '" + key + " = … ms' in the percentile line '"
                    + Printable.clip(percentileLine) + "'");
        }
        return value(key, p, percentileLine);
    }

    private static MetricValue value(String key, Pair p, String line) {
        if (!NUMBER.matcher(p.value()).matches()) {
            return MetricValue.missing(key + " = '" + Printable.clip(p.value()) + "' is not a number in '"
                    + Printable.clip(line) + "'");
        }
        if (!"ms".equals(p.unit())) {
            return MetricValue.missing(key + " = " + p.value() + (p.unit().isEmpty() ? " has no unit"
                    : " is in '" + Printable.clip(p.unit()) + "', not ms") + " in '" + Printable.clip(line) + "'");
        }
        double v = Double.parseDouble(p.value());
        if (!Double.isFinite(v) || v < 0) {
            return MetricValue.missing(key + " = " + Printable.clip(p.value()) + " is not a latency in '"
                    + Printable.clip(line) + "'");
        }
        return MetricValue.of(v);
    }

    /** avg (ranks), median, min, max, then the 5/90/95/99 % percentiles; all ms, lower is better. */
    static List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        m.add(summaryMetric("avg", "average latency (ms)"));
        m.add(summaryMetric("median", "median latency (ms)"));
        m.add(summaryMetric("min", "minimum latency (ms)"));
        m.add(summaryMetric("max", "maximum latency (ms)"));
        for (String p : List.of("5", "90", "95", "99")) {
            String key = p + "%";
            m.add(new Metric("p" + p + "_ms", p + "th percentile latency (ms)", "ms", true, "p" + p, "p" + p, 3,
                    run -> run.parsed(AxclRunModelOutput.class, AxclRunModelOutput::parse).percentile(key)));
        }
        return m;
    }

    private static Metric summaryMetric(String key, String title) {
        return new Metric(key + "_ms", title, "ms", true, key, key + " latency", 3,
                run -> run.parsed(AxclRunModelOutput.class, AxclRunModelOutput::parse).summary(key));
    }
}
