package ax650n.tuning.cpu;

import java.util.Locale;
import java.util.Optional;

/** What a CPU is on its host: a big core, a little core, or one of all-equal cores. */
public enum CpuRole {
    BIG, LITTLE, EQUAL;

    public static CpuRole of(CpuTopology cpus, int cpu) {
        Optional<Boolean> big = cpus.isBig(cpu);
        if (big.isEmpty()) {
            return EQUAL;
        }
        return big.get() ? BIG : LITTLE;
    }

    /** The word the reports print: {@code big}, {@code little}, {@code equal}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
