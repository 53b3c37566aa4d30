package ax650n.tuning.tune;

/**
 * The journal of originals (or its lock) cannot be read, understood or written; the message is
 * one line that names the file (and line) and says what is wrong, without a Java class name.
 */
public final class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean accessDenied;

    public JournalException(String message) {
        this(message, false);
    }

    public JournalException(String message, boolean accessDenied) {
        super(message);
        this.accessDenied = accessDenied;
    }

    /** The journal is there but this user may not look at it (not root). */
    public boolean accessDenied() {
        return accessDenied;
    }
}
