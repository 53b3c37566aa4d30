package ax650n.tuning.irq;

import ax650n.tuning.sys.CpuSet;
import java.util.Optional;

/** What {@code /proc/irq/<N>/} says of one IRQ: the requested and the effective affinity. */
public record IrqAffinity(int irq, Optional<CpuSet> affinity, Optional<CpuSet> effective) {
    public static String dir(int irq) {
        return "/proc/irq/" + irq;
    }

    public static String affinityListPath(int irq) {
        return dir(irq) + "/smp_affinity_list";
    }

    public static String effectiveListPath(int irq) {
        return dir(irq) + "/effective_affinity_list";
    }
}
