package ax650n.tuning.cli;

/** Exit codes of every command. {@code System.exit} is called only in the two main classes, through {@link LastResort}. */
public enum ExitCode {
    /** everything asked for was done; no findings. */
    OK(0),
    /** an operation failed, findings were reported, or verify saw drift. */
    FAILED(1),
    /** a usage or configuration error: nothing was changed. */
    USAGE(2),
    /** an environment problem: not root, no native library, no card where one is required. */
    ENVIRONMENT(3),
    /** {@code ax650n-diagnose}: no AX650N (nor a card given with {@code --id}) was found; the host part is still reported. */
    NO_CARD(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
