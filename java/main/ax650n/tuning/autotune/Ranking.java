package ax650n.tuning.autotune;

import ax650n.tuning.bench.Metric;
import ax650n.tuning.bench.MetricChoice;
import ax650n.tuning.bench.RunResult;
import java.util.OptionalDouble;

/**
 * The metric autotune ranks by: the first of the bench's metric set ({@code --metric}, or the
 * set detected from the output: ax-llm's decode speed unless the command prints something else).
 * Read when needed, because a detected set is known only after the first recognised run.
 */
public final class Ranking {
    private final MetricChoice choice;

    public Ranking(MetricChoice choice) {
        this.choice = choice;
    }

    public Metric metric() {
        return choice.current().ranking();
    }

    /** e.g. {@code tok_s}. */
    public String name() {
        return metric().name();
    }

    /** e.g. {@code decode speed (tok/s)}. */
    public String title() {
        return metric().title();
    }

    public String unit() {
        return metric().unit();
    }

    public boolean higherIsBetter() {
        return !metric().lowerIsBetter();
    }

    /** The run's value of the ranking metric; empty when it is missing. */
    public OptionalDouble value(RunResult r) {
        return r.value(name());
    }
}
