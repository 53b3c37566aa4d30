package ax650n.tuning.pci;

import ax650n.tuning.sys.Labelled;

/**
 * PCI Express link speeds by their register encoding (LnkCap, LnkSta, LnkCap2 bit position).
 *
 * <p>Bandwidth is the data rate per lane and direction after line encoding only: 8b/10b for
 * 2.5 and 5 GT/s, 128b/130b for 8, 16 and 32 GT/s. For 64 GT/s (PCIe 6, PAM4 signalling, FLIT
 * mode) the line encoding is 1b/1b, so the figure is the raw 64 Gbit/s = 8000 MB/s per lane; the
 * FLIT framing (236 TLP bytes of every 256, about 8 %) is a packet-layer overhead and is left
 * out, exactly as TLP/DLLP overhead is left out at the lower speeds.
 */
public enum LinkSpeed implements Labelled {
    GT_2_5(1, "2.5GT/s", 2.5, 8.0 / 10.0),
    GT_5(2, "5GT/s", 5.0, 8.0 / 10.0),
    GT_8(3, "8GT/s", 8.0, 128.0 / 130.0),
    GT_16(4, "16GT/s", 16.0, 128.0 / 130.0),
    GT_32(5, "32GT/s", 32.0, 128.0 / 130.0),
    GT_64(6, "64GT/s", 64.0, 1.0);

    private final int code;
    private final String label;
    private final double gigaTransfers;
    private final double encodingEfficiency;

    LinkSpeed(int code, String label, double gigaTransfers, double encodingEfficiency) {
        this.code = code;
        this.label = label;
        this.gigaTransfers = gigaTransfers;
        this.encodingEfficiency = encodingEfficiency;
    }

    /** The encoding of the speed in LnkCap/LnkSta (1 = 2.5 GT/s ... 6 = 64 GT/s). */
    public int code() {
        return code;
    }

    /** As lspci prints it, e.g. {@code 5GT/s}. */
    @Override
    public String label() {
        return label;
    }

    /** Usable megabytes (10^6 bytes) per second per lane and direction. */
    public double megabytesPerSecondPerLane() {
        return gigaTransfers * encodingEfficiency * 1000.0 / 8.0;
    }

    /** The speed for a register code, or null for a reserved code. */
    public static LinkSpeed fromCode(int code) {
        for (LinkSpeed s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** lspci's text for a code: the label, or {@code unknown} for a reserved code. */
    public static String labelOf(int code) {
        LinkSpeed s = fromCode(code);
        return s == null ? "unknown" : s.label;
    }
}
