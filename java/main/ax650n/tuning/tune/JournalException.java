package ax650n.tuning.tune;

/**
 * The journal of originals (or its lock) cannot be read, understood or written; the message is
 * one line that names the file (and line) and says what is wrong, without a Java class name.
 */
public final class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean accessDenied;
    private final boolean notAFile;

    public JournalException(String message) {
        this(message, false);
    }

    public JournalException(String message, boolean accessDenied) {
        this(message, accessDenied, false);
    }

    private JournalException(String message, boolean accessDenied, boolean notAFile) {
        super(message);
        this.accessDenied = accessDenied;
        this.notAFile = notAFile;
    }

    /**
     * The journal's (or lock's) place holds something that is not a journal file at all: a
     * FIFO, a device, a link, or a file over the size limit. Like any bad input this is exit 2;
     * a journal file whose content is wrong is a failed operation (exit 1).
     */
    public static JournalException notAFile(String message) {
        return new JournalException(message, false, true);
    }

    public boolean notAFile() {
        return notAFile;
    }

    /** The journal is there but this user may not look at it (not root). */
    public boolean accessDenied() {
        return accessDenied;
    }
}
