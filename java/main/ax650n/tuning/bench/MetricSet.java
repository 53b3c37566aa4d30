package ax650n.tuning.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a benchmark reads from every run, in order; the first one ranks (a run without
 * it is a failed run, the others may be missing and are reported as such).
 *
 * <p>Built in: {@link #AX_LLM} (decode tok/s, ranks; TTFT), {@link #AXCL_RUN_MODEL} (the latency
 * summary of {@code axcl_run_model} and {@code ax_run_model}: avg ranks, then median, min, max
 * and percentiles) and {@link #WALL} (the command's own wall time).
 */
public final class MetricSet {
    /** ax-llm: decode speed (ranks) and time to first token. */
    public static final MetricSet AX_LLM = new MetricSet("ax-llm", AxLlmOutput.metrics());
    /** axcl_run_model / ax_run_model: avg (ranks), median, min, max, 5/90/95/99 % percentiles, all ms. */
    public static final MetricSet AXCL_RUN_MODEL = new MetricSet("axcl_run_model", AxclRunModelOutput.metrics());
    /** The command's wall time (ms) only. */
    public static final MetricSet WALL = new MetricSet("wall", List.of(WallTime.METRIC));

    private final String source;
    private final List<Metric> metrics;

    private MetricSet(String source, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a metric set needs at least one metric");
        }
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) {
            if (names.contains(m.name())) {
                throw new IllegalArgumentException("metric '" + m.name() + "' given twice");
            }
            names.add(m.name());
        }
        this.source = source;
        this.metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
    }

    /** @param source what the set reads: "ax-llm", "axcl_run_model", "custom" ... */
    public static MetricSet of(String source, List<Metric> metrics) {
        return new MetricSet(source, metrics);
    }

    /** A metric that the built-in sets offer by name (tok_s, ttft_ms, avg_ms ..., wall), or null. */
    public static Metric builtin(String name) {
        for (MetricSet s : List.of(AX_LLM, AXCL_RUN_MODEL, WALL)) {
            Metric m = s.get(name);
            if (m != null) {
                return m;
            }
        }
        if ("wall_ms".equals(name)) {
            return WallTime.METRIC;
        }
        return null;
    }

    /** The names {@link #builtin} knows, for help texts. */
    public static List<String> builtinNames() {
        List<String> names = new ArrayList<>();
        for (MetricSet s : List.of(AX_LLM, AXCL_RUN_MODEL, WALL)) {
            names.addAll(s.names());
        }
        return names;
    }

    public String source() {
        return source;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** The metric that ranks the modes (the first). */
    public Metric ranking() {
        return metrics.get(0);
    }

    /** The metric of that name, or null. */
    public Metric get(String name) {
        for (Metric m : metrics) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) {
            names.add(m.name());
        }
        return names;
    }

    /** Every metric's value for one run, in set order (keys are the metric names). */
    public Map<String, MetricValue> measure(RunOutput run) {
        Map<String, MetricValue> values = new LinkedHashMap<>();
        for (Metric m : metrics) {
            values.put(m.name(), m.extract(run));
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return source + " " + names();
    }
}
