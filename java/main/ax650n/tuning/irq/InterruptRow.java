package ax650n.tuning.irq;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One row of {@code /proc/interrupts}. {@code key} is what stands before the colon ({@code 87},
 * {@code NMI}, {@code IPI0}, {@code ERR}); {@code irq} is set for numbered rows. {@code counts}
 * follow the header's CPU columns (summary rows such as {@code ERR:} have fewer). For numbered
 * rows {@code chip}, {@code hwirq}, {@code trigger} and {@code name} are split as the kernel
 * prints them; named rows keep their description in {@code name}.
 */
public record InterruptRow(String key, OptionalInt irq, long[] counts, String chip, String hwirq,
                           String trigger, String name) {
    public InterruptRow {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterruptRow r && r.key.equals(key) && r.irq.equals(irq)
                && Arrays.equals(r.counts, counts) && r.chip.equals(chip) && r.hwirq.equals(hwirq)
                && r.trigger.equals(trigger) && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return key + ": " + Arrays.toString(counts) + " chip=" + chip + " hwirq=" + hwirq + " trigger=" + trigger
                + " name=" + name;
    }
}
