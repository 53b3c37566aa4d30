package ax650n.tuning.pci;

import java.util.OptionalLong;

/** Latency Tolerance Reporting extended capability: the two 16-bit max-latency registers. */
public record Ltr(int offset, int maxSnoop, int maxNoSnoop) {

    /** Max snoop latency in ns; empty when the scale field holds a value the spec forbids (6, 7). */
    public OptionalLong maxSnoopLatencyNs() {
        return latency(maxSnoop);
    }

    public OptionalLong maxNoSnoopLatencyNs() {
        return latency(maxNoSnoop);
    }

    static OptionalLong latency(int reg) {
        int scale = (reg >> 10) & 7;
        if (scale > 5) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) (reg & 0x3ff) << (5 * scale));
    }
}
