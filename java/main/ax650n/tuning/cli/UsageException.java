package ax650n.tuning.cli;

/** A command line, option value or configuration that is not valid; carries the exit code. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode code;

    public UsageException(String message) {
        this(message, ExitCode.USAGE);
    }

    public UsageException(String message, ExitCode code) {
        super(message);
        this.code = code;
    }

    public ExitCode code() {
        return code;
    }
}
