package ax650n.tuning.tune;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.Labelled;
import java.util.Optional;

/**
 * One write the tuning wants: a target file (host path under the SysRoot), the value it holds
 * now, the value wanted, and whether the tuning counts as failed without it.
 *
 * @param subject what a person calls the target, e.g. {@code irq 87 (0003:31:00.0)} or {@code policy4 governor}
 * @param owner   for IRQ changes the device that owns the IRQ (revert checks it still does); else empty
 */
public record Change(Kind kind, String target, String before, String after, boolean required, String subject,
                     String owner) {
    /**
     * What a change writes. Each kind knows the only paths it may write: the planner produces
     * nothing else, the journal records nothing else, and revert restores nothing else (a
     * journal entry whose target does not fit its kind is refused). {@link #problem} is that
     * one check.
     */
    public enum Kind implements Labelled {
        IRQ_AFFINITY("irq-affinity", "/proc/irq/N/smp_affinity_list",
                "/proc/irq/", TargetPath.NUMBER, "/smp_affinity_list"),
        CPUFREQ_GOVERNOR("cpufreq-governor", "/sys/devices/system/cpu/cpufreq/policyN/scaling_governor",
                "/sys/devices/system/cpu/cpufreq/policy", TargetPath.NUMBER, "/scaling_governor"),
        DEVFREQ_GOVERNOR("devfreq-governor", "/sys/class/devfreq/NAME/governor",
                "/sys/class/devfreq/", TargetPath.DEVFREQ_NAME, "/governor"),
        CPUIDLE_DISABLE("cpuidle-disable", "/sys/devices/system/cpu/cpuN/cpuidle/stateK/disable",
                "/sys/devices/system/cpu/cpu", TargetPath.NUMBER, "/cpuidle/state", TargetPath.NUMBER, "/disable"),
        ASPM_POLICY("aspm-policy", HostSnapshot.ASPM_POLICY, HostSnapshot.ASPM_POLICY),
        IRQBALANCE_DROPIN("irqbalance-dropin", HostSnapshot.IRQBALANCE_DROPIN, HostSnapshot.IRQBALANCE_DROPIN);

        private final String label;
        private final String shape;
        private final TargetPath path;

        Kind(String label, String shape, String... template) {
            this.label = label;
            this.shape = shape;
            this.path = new TargetPath(template);
        }

        /** The kind's name in the journal and in JSON, e.g. {@code irq-affinity}. */
        @Override
        public String label() {
            return label;
        }

        /** The kind with this {@link #label()}. */
        public static Optional<Kind> ofLabel(String label) {
            return Labelled.byLabel(values(), label);
        }

        /** The paths this kind writes, for messages: {@code /proc/irq/N/smp_affinity_list}. */
        public String shape() {
            return shape;
        }

        /**
         * Why a target/owner pair is not one this kind may write, or empty when it is. An IRQ
         * change's owner is empty or a PCI address; other kinds have no owner.
         */
        public Optional<String> problem(String target, String owner) {
            if (path.firstNumber(target) == TargetPath.NO_MATCH) {
                return Optional.of(label() + " target '" + Change.clip(target) + "' is not " + shape);
            }
            if (this == IRQ_AFFINITY) {
                if (!owner.isEmpty()) {
                    try {
                        Bdf.parse(owner);
                    } catch (BdfFormatException e) {
                        return Optional.of(label() + " owner '" + Change.clip(owner) + "' is not a PCI address");
                    }
                }
            } else if (!owner.isEmpty()) {
                return Optional.of(label() + " has no owner, got '" + Change.clip(owner) + "'");
            }
            return Optional.empty();
        }

        /** The first number of a target that fits this kind (IRQ, policy or CPU number). */
        int number(String target) {
            int n = path.firstNumber(target);
            if (n < 0) {
                throw new IllegalArgumentException(label() + " target '" + clip(target) + "' is not " + shape);
            }
            return n;
        }
    }

    /** The IRQ number of an IRQ_AFFINITY change. */
    public int irq() {
        if (kind != Kind.IRQ_AFFINITY) {
            throw new IllegalStateException("not an IRQ change: " + kind.label());
        }
        return kind.number(target);
    }

    /** A value that marks a file that did not exist (the irqbalance drop-in). */
    public static final String ABSENT = "<absent>";

    /**
     * A value for one line of text (plan, apply, revert, verify, status): {@code absent} for a
     * missing file, {@code (N lines)} for a file's content, {@code ''} for an empty value, else
     * the value clipped as {@link #clip} does.
     */
    public static String show(String v) {
        if (v.equals(ABSENT)) {
            return "absent";
        }
        if (v.indexOf('\n') >= 0) {
            return "(" + lineCount(v.strip()) + " lines)";
        }
        return v.isEmpty() ? "''" : clip(v);
    }

    /** {@code s.lines().count()}: lines end at \n, \r or \r\n; a last line without an end counts too. */
    static long lineCount(String s) {
        long n = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\r' && i < s.length() && s.charAt(i) == '\n') {
                i++;
            }
            if (c == '\n' || c == '\r' || i == s.length()) {
                n++;
            }
        }
        return n;
    }

    /** A string for a one-line message: at most 80 characters, control characters as {@code ?}. */
    static String clip(String s) {
        return ax650n.tuning.sys.Printable.clip(s, 80);
    }
}
