package ax650n.tuning.pci;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** L1 PM Substates extended capability: capability, control 1 and control 2 registers. */
public record L1PmSubstates(int offset, int capabilities, int control1, int control2) {

    public boolean pciPmL12Supported() {
        return (capabilities & 0x1) != 0;
    }

    public boolean pciPmL11Supported() {
        return (capabilities & 0x2) != 0;
    }

    public boolean aspmL12Supported() {
        return (capabilities & 0x4) != 0;
    }

    public boolean aspmL11Supported() {
        return (capabilities & 0x8) != 0;
    }

    public boolean substatesSupported() {
        return (capabilities & 0x10) != 0;
    }

    public boolean pciPmL12Enabled() {
        return (control1 & 0x1) != 0;
    }

    public boolean pciPmL11Enabled() {
        return (control1 & 0x2) != 0;
    }

    public boolean aspmL12Enabled() {
        return (control1 & 0x4) != 0;
    }

    public boolean aspmL11Enabled() {
        return (control1 & 0x8) != 0;
    }

    /** Port Common_Mode_Restore_Time in µs. */
    public int portCommonModeRestoreTimeUs() {
        return (capabilities >> 8) & 0xff;
    }

    /** Port T_POWER_ON in µs; empty for the reserved scale. */
    public OptionalInt portPowerOnTimeUs() {
        return powerOn((capabilities >> 16) & 3, (capabilities >> 19) & 0x1f);
    }

    /** Common_Mode_Restore_Time programmed in control 1, in µs. */
    public int commonModeRestoreTimeUs() {
        return (control1 >> 8) & 0xff;
    }

    /** LTR_L1.2_THRESHOLD in ns; empty for a forbidden scale. */
    public OptionalLong ltrL12ThresholdNs() {
        int scale = (control1 >>> 29) & 7;
        if (scale > 5) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) ((control1 >> 16) & 0x3ff) << (5 * scale));
    }

    /** T_POWER_ON programmed in control 2, in µs; empty for the reserved scale. */
    public OptionalInt powerOnTimeUs() {
        return powerOn(control2 & 3, (control2 >> 3) & 0x1f);
    }

    private static OptionalInt powerOn(int scale, int value) {
        switch (scale) {
            case 0: return OptionalInt.of(2 * value);
            case 1: return OptionalInt.of(10 * value);
            case 2: return OptionalInt.of(100 * value);
            default: return OptionalInt.empty();
        }
    }
}
