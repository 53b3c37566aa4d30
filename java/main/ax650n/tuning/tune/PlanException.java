package ax650n.tuning.tune;

/** The configuration cannot be planned on this host (e.g. irq_cpus names no online CPU). */
public final class PlanException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean environment;

    public PlanException(String message) {
        this(message, false);
    }

    /** @param environment true when the host lacks something (a device), false for a configuration problem */
    public PlanException(String message, boolean environment) {
        super(message);
        this.environment = environment;
    }

    public boolean environment() {
        return environment;
    }
}
