package ax650n.tuning.bench;

/** The benchmark could not be run or completed; carries the exit code the command should end with. */
public final class BenchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** 1: an operation failed (a mode switch, starting the command). */
    public static final int FAILED = 1;
    /** 3: environment (cannot record the tuning state, no native library for pinned runs). */
    public static final int ENVIRONMENT = 3;

    private final int exitCode;

    public BenchException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
