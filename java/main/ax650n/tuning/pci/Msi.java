package ax650n.tuning.pci;

/** MSI capability: the message control word (and where the capability sits). */
public record Msi(int offset, int control) {

    public boolean enabled() {
        return (control & 0x1) != 0;
    }

    /** Vectors the function can request (Multiple Message Capable), as lspci's Count=x/N. */
    public int vectorsCapable() {
        return 1 << ((control >> 1) & 7);
    }

    /** Vectors the host granted (Multiple Message Enable), as lspci's Count=N/x. */
    public int vectorsEnabled() {
        return 1 << ((control >> 4) & 7);
    }

    public boolean address64() {
        return (control & 0x80) != 0;
    }

    /** Per-vector masking ("Maskable+"). */
    public boolean perVectorMasking() {
        return (control & 0x100) != 0;
    }
}
