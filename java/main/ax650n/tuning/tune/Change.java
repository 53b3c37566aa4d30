package ax650n.tuning.tune;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.Labelled;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                "/proc/irq/(" + Kind.NUMBER + ")/smp_affinity_list"),
        CPUFREQ_GOVERNOR("cpufreq-governor", "/sys/devices/system/cpu/cpufreq/policyN/scaling_governor",
                "/sys/devices/system/cpu/cpufreq/policy(" + Kind.NUMBER + ")/scaling_governor"),
        DEVFREQ_GOVERNOR("devfreq-governor", "/sys/class/devfreq/NAME/governor",
                "/sys/class/devfreq/[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}/governor"),
        CPUIDLE_DISABLE("cpuidle-disable", "/sys/devices/system/cpu/cpuN/cpuidle/stateK/disable",
                "/sys/devices/system/cpu/cpu(" + Kind.NUMBER + ")/cpuidle/state(" + Kind.NUMBER + ")/disable"),
        ASPM_POLICY("aspm-policy", HostSnapshot.ASPM_POLICY, Pattern.quote(HostSnapshot.ASPM_POLICY)),
        IRQBALANCE_DROPIN("irqbalance-dropin", HostSnapshot.IRQBALANCE_DROPIN,
                Pattern.quote(HostSnapshot.IRQBALANCE_DROPIN));

        /** A decimal number as the kernel names directories: no sign, no leading zero, fits an int. */
        private static final String NUMBER = "0|[1-9][0-9]{0,8}";

        private final String label;
        private final String shape;
        private final Pattern pattern;

        Kind(String label, String shape, String regex) {
            this.label = label;
            this.shape = shape;
            this.pattern = Pattern.compile(regex);
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
            if (!pattern.matcher(target).matches()) {
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
            Matcher m = pattern.matcher(target);
            if (!m.matches() || m.groupCount() < 1) {
                throw new IllegalArgumentException(label() + " target '" + clip(target) + "' is not " + shape);
            }
            return Integer.parseInt(m.group(1));
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
            return "(" + v.strip().lines().count() + " lines)";
        }
        return v.isEmpty() ? "''" : clip(v);
    }

    /** A string for a one-line message: at most 80 characters, control characters as {@code ?}. */
    static String clip(String s) {
        return ax650n.tuning.sys.Printable.clip(s, 80);
    }
}
