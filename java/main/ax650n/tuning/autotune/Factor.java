package ax650n.tuning.autotune;

import java.util.ArrayList;
import java.util.List;

/**
 * One dimension of the autotune search: a key of {@code /etc/ax650n-tuning.conf}, or how the
 * command is started ({@link #LAUNCH}, which is no config key: the report says how to start it).
 * The order here is the order a pass tries them in.
 */
public enum Factor {
    IRQ_CPUS("irq_cpus"),
    BIG_GOVERNOR("big_governor"),
    LITTLE_GOVERNOR("little_governor"),
    DMC_GOVERNOR("dmc_governor"),
    IRQ_CPU_IDLE("irq_cpu_idle"),
    PCIE_ASPM("pcie_aspm"),
    LAUNCH("launch");

    private final String key;

    Factor(String key) {
        this.key = key;
    }

    /** The config key (or {@code launch}). */
    public String key() {
        return key;
    }

    /** A key of the configuration file (every factor but {@link #LAUNCH}). */
    public boolean configKey() {
        return this != LAUNCH;
    }

    /** Every factor's key, comma-separated, for messages. */
    public static String known() {
        List<String> keys = new ArrayList<>();
        for (Factor f : values()) {
            keys.add(f.key);
        }
        return String.join(", ", keys);
    }

    /**
     * A comma-separated list of factor keys, in the order given; an unknown or repeated one is an
     * {@link IllegalArgumentException} naming it (and, when unknown, the known ones).
     */
    public static List<Factor> parseList(String text) {
        List<Factor> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String k = part.strip();
            if (k.isEmpty()) {
                throw new IllegalArgumentException("empty factor in '" + text + "'");
            }
            Factor f = null;
            for (Factor c : values()) {
                if (c.key.equals(k)) {
                    f = c;
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("unknown factor '" + k + "' (known: " + known() + ")");
            }
            if (out.contains(f)) {
                throw new IllegalArgumentException("factor '" + k + "' given twice in '" + text + "'");
            }
            out.add(f);
        }
        // a pass runs in the enum's order whatever order the list had
        out.sort(null);
        return out;
    }

    @Override
    public String toString() {
        return key;
    }
}
