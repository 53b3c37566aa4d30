package ax650n.tuning.bench;

import ax650n.tuning.sys.Printable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bench command line's {@code --metric} and {@code --lower-is-better} options as a
 * {@link MetricChoice}:
 * <ul>
 * <li>none: {@link MetricChoice#auto()}, the runner that printed the output decides;</li>
 * <li>{@code --metric NAME=REGEX}: a {@link RegexMetric}, higher is better unless
 *     {@code --lower-is-better NAME} names it;</li>
 * <li>{@code --metric NAME}: a built-in metric ({@code wall}, {@code tok_s}, {@code ttft_ms},
 *     {@code avg_ms}, {@code median_ms}, {@code min_ms}, {@code max_ms}, {@code p5_ms} ...
 *     {@code p99_ms}), its direction fixed.</li>
 * </ul>
 * The options may repeat; the metrics are read in the order given and the first ranks. Errors
 * are IllegalArgumentException with one line that names the option and the value.
 */
public final class MetricOptions {
    private MetricOptions() {
    }

    public static MetricChoice parse(List<String> metrics, List<String> lowerIsBetter) {
        if (metrics.isEmpty()) {
            if (!lowerIsBetter.isEmpty()) {
                throw new IllegalArgumentException("--lower-is-better " + Printable.clip(lowerIsBetter.get(0))
                        + ": no --metric NAME=REGEX of that name");
            }
            return MetricChoice.auto();
        }
        Set<String> lower = new LinkedHashSet<>();
        for (String n : lowerIsBetter) {
            if (!lower.add(n.strip())) {
                throw new IllegalArgumentException("--lower-is-better " + Printable.clip(n) + ": given twice");
            }
        }
        List<Metric> list = new ArrayList<>();
        Set<String> custom = new LinkedHashSet<>();
        for (String spec : metrics) {
            int eq = spec.indexOf('=');
            String name = (eq < 0 ? spec : spec.substring(0, eq)).strip();
            Metric m;
            try {
                if (eq < 0) {
                    m = MetricSet.builtin(name);
                    if (m == null) {
                        throw new IllegalArgumentException("--metric " + Printable.clip(spec)
                                + ": no built-in metric of that name (built in: "
                                + String.join(", ", MetricSet.builtinNames()) + "; or give NAME=REGEX)");
                    }
                } else {
                    Metric.checkName(name);
                    if (MetricSet.builtin(name) != null) {
                        throw new IllegalArgumentException("metric name '" + name + "' is a built-in metric's");
                    }
                    String regex = spec.substring(eq + 1);
                    if (regex.isEmpty()) {
                        throw new IllegalArgumentException("the regex after '=' is empty");
                    }
                    m = RegexMetric.of(name, regex, lower.contains(name));
                    custom.add(name);
                }
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                throw new IllegalArgumentException(msg.startsWith("--metric") ? msg
                        : "--metric " + Printable.clip(spec) + ": " + msg);
            }
            for (Metric have : list) {
                if (have.name().equals(m.name())) {
                    throw new IllegalArgumentException("--metric " + Printable.clip(spec) + ": metric '" + m.name()
                            + "' given twice");
                }
            }
            list.add(m);
        }
        for (String n : lower) {
            if (!custom.contains(n)) {
                Metric b = MetricSet.builtin(n);
                throw new IllegalArgumentException("--lower-is-better " + Printable.clip(n) + ": "
                        + (b != null ? "a built-in metric, already " + b.direction()
                                : "no --metric NAME=REGEX of that name"));
            }
        }
        return MetricChoice.fixed(MetricSet.of(sourceOf(list), list));
    }

    private static String sourceOf(List<Metric> list) {
        for (MetricSet s : List.of(MetricSet.AX_LLM, MetricSet.AXCL_RUN_MODEL, MetricSet.WALL)) {
            boolean all = true;
            for (Metric m : list) {
                all &= s.get(m.name()) != null;
            }
            if (all) {
                return s.source();
            }
        }
        return "custom";
    }
}
