package ax650n.tuning.pci;

import java.util.OptionalInt;

/**
 * Power Management capability.
 *
 * @param capabilities the PMC register
 * @param controlStatus the PMCSR register, empty when it lies beyond the bytes read
 */
public record PowerManagement(int offset, int capabilities, OptionalInt controlStatus) {

    /** Spec version field (3 = PCI PM 1.2). */
    public int version() {
        return capabilities & 7;
    }

    /** Current power state 0..3 (D0..D3hot), empty when PMCSR was not read. */
    public OptionalInt powerState() {
        return controlStatus.isPresent() ? OptionalInt.of(controlStatus.getAsInt() & 3) : OptionalInt.empty();
    }
}
