package ax650n.tuning.bench;

/**
 * {@code --metric wall}: the command's own wall time in milliseconds, from its start to its
 * exit as the runner measures it (process start included; for a pinned run the launcher's
 * affinity call too, a few microseconds). Lower is better; never missing.
 */
public final class WallTime {
    /** Named {@code wall} on the command line and in the reports. */
    public static final Metric METRIC = new Metric("wall", "wall time (ms)", "ms", true, "wall", "wall time", 1,
            run -> MetricValue.of(run.wallMillis()));

    private WallTime() {
    }
}
