package ax650n.tuning.sys;

/** A string that is not a PCI address of the form dddd:bb:dd.f. */
public final class BdfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public BdfFormatException(String text) {
        super("not a PCI address (expected dddd:bb:dd.f, hex): '" + text + "'");
    }
}
