package ax650n.tuning.tune;

/** The journal of originals exists but cannot be understood; names the file and line. */
public final class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }
}
