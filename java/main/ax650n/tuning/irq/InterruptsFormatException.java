package ax650n.tuning.irq;

/** A {@code /proc/interrupts} text that does not parse; names the line (echoed cut and escaped). */
public final class InterruptsFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public InterruptsFormatException(int lineNo, String line, String why) {
        super("/proc/interrupts line " + lineNo + ": " + why + ": '" + ax650n.tuning.sys.Printable.clip(line.strip()) + "'");
    }
}
