package ax650n.tuning.irq;

/** A {@code /proc/interrupts} text that does not parse; names the line. */
public final class InterruptsFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public InterruptsFormatException(int lineNo, String line, String why) {
        super("/proc/interrupts line " + lineNo + ": " + why + ": '" + line.strip() + "'");
    }
}
