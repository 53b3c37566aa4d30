package ax650n.tuning.bench;

/**
 * Which {@link MetricSet} reads a run: a fixed one (from {@code --metric}), or
 * {@linkplain #auto() auto-detection} of the runner that printed the output.
 */
public abstract class MetricChoice {
    MetricChoice() {
    }

    /** Always this set. */
    public static MetricChoice fixed(MetricSet set) {
        return new Fixed(set);
    }

    /**
     * The first run whose output an ax-llm line (ttft or speed) or an {@code axcl_run_model} /
     * {@code ax_run_model} header or summary shows fixes the set for the rest of the benchmark.
     * Before that (no run recognised yet), runs are read as ax-llm, so an unrecognised output is
     * reported as "no speed line in the output", as before the other runners were known.
     */
    public static MetricChoice auto() {
        return new Auto();
    }

    /** The set that reads this run (detecting it first when automatic). */
    public abstract MetricSet forRun(RunOutput run);

    /** The set in force now: the fixed or detected one, else ax-llm's. */
    public abstract MetricSet current();

    public abstract boolean automatic();

    /** Returns the set a recognised output shows, or null. */
    public static MetricSet detect(RunOutput run) {
        if (run.parsed(AxLlmOutput.class, AxLlmOutput::parse).recognised()) {
            return MetricSet.AX_LLM;
        }
        if (run.parsed(AxclRunModelOutput.class, AxclRunModelOutput::parse).recognised()) {
            return MetricSet.AXCL_RUN_MODEL;
        }
        return null;
    }

    private static final class Fixed extends MetricChoice {
        private final MetricSet set;

        Fixed(MetricSet set) {
            this.set = set;
        }

        @Override
        public MetricSet forRun(RunOutput run) {
            return set;
        }

        @Override
        public MetricSet current() {
            return set;
        }

        @Override
        public boolean automatic() {
            return false;
        }

        @Override
        public String toString() {
            return set.toString();
        }
    }

    private static final class Auto extends MetricChoice {
        private MetricSet detected; // guarded by this

        @Override
        public synchronized MetricSet forRun(RunOutput run) {
            if (detected == null) {
                detected = detect(run);
            }
            return detected != null ? detected : MetricSet.AX_LLM;
        }

        @Override
        public synchronized MetricSet current() {
            return detected != null ? detected : MetricSet.AX_LLM;
        }

        @Override
        public boolean automatic() {
            return true;
        }

        @Override
        public String toString() {
            return "auto";
        }
    }
}
