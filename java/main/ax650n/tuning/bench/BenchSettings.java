package ax650n.tuning.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to benchmark and how.
 *
 * @param command the command line (ax-llm, axcl_run_model, any program), run once per run
 * @param modes the modes compared, in the order each round runs them
 * @param runs measured runs per mode
 * @param warmup warm-up rounds before the measured ones (each runs every mode once, not counted)
 * @param timeout a run still going after this is killed and counted as failed
 * @param stdin a file fed to each run's standard input, or null for an empty input
 * @param echo copy each run's output to the progress stream as it arrives
 * @param metrics what each run's output and wall time are read as (the first metric ranks)
 */
public record BenchSettings(List<String> command, List<Mode> modes, int runs, int warmup, Duration timeout, Path stdin,
        boolean echo, MetricChoice metrics) {
    /** With the metrics detected from the output ({@link MetricChoice#auto()}). */
    public BenchSettings(List<String> command, List<Mode> modes, int runs, int warmup, Duration timeout, Path stdin,
            boolean echo) {
        this(command, modes, runs, warmup, timeout, stdin, echo, MetricChoice.auto());
    }

    public BenchSettings {
        if (metrics == null) {
            throw new IllegalArgumentException("no metrics");
        }
        command = List.copyOf(command);
        modes = List.copyOf(modes);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to benchmark");
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no modes to compare");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs per mode must be at least 1: " + runs);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up rounds must be 0 or more: " + warmup);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** {@code untuned} when compared, else the first mode. */
    public Mode baseline() {
        return modes.contains(Mode.UNTUNED) ? Mode.UNTUNED : modes.get(0);
    }
}
