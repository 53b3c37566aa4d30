package ax650n.tuning.tune;

/**
 * One write the tuning wants: a target file (host path under the SysRoot), the value it holds
 * now, the value wanted, and whether the tuning counts as failed without it.
 *
 * @param subject what a person calls the target, e.g. {@code irq 87 (0003:31:00.0)} or {@code policy4 governor}
 * @param owner   for IRQ changes the device that owns the IRQ (revert checks it still does); else empty
 */
public record Change(Kind kind, String target, String before, String after, boolean required, String subject,
                     String owner) {
    public enum Kind {
        IRQ_AFFINITY, CPUFREQ_GOVERNOR, DEVFREQ_GOVERNOR, CPUIDLE_DISABLE, PM_QOS_LATENCY, ASPM_POLICY,
        IRQBALANCE_DROPIN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The IRQ number of an IRQ_AFFINITY change. */
    public int irq() {
        String t = target.substring("/proc/irq/".length());
        return Integer.parseInt(t.substring(0, t.indexOf('/')));
    }

    /** A value that marks a file that did not exist (the irqbalance drop-in). */
    public static final String ABSENT = "<absent>";
}
