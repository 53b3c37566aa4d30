package ax650n.tuning.pci;

/** MSI-X capability: the message control word. */
public record MsiX(int offset, int control) {

    public boolean enabled() {
        return (control & 0x8000) != 0;
    }

    /** Function mask ("Masked+"): all vectors masked. */
    public boolean functionMasked() {
        return (control & 0x4000) != 0;
    }

    /** Number of table entries (Table Size + 1), lspci's Count=. */
    public int tableSize() {
        return (control & 0x7ff) + 1;
    }
}
