package ax650n.tuning.tune;

/** The configuration cannot be planned on this host (e.g. irq_cpus names no online CPU). */
public final class PlanException extends Exception {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
