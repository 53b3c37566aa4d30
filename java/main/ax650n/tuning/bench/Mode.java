package ax650n.tuning.bench;

import ax650n.tuning.sys.Labelled;
import java.util.ArrayList;
import java.util.List;

/** The host states a benchmark compares. */
public enum Mode implements Labelled {
    /** Tuning reverted: the kernel's and distribution's defaults. */
    UNTUNED("untuned"),
    /** Tuning applied. */
    TUNED("tuned"),
    /** Tuning applied and the command started pinned to the big cores. */
    TUNED_PINNED("tuned+pinned");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean tuned() {
        return this != UNTUNED;
    }

    public boolean pinned() {
        return this == TUNED_PINNED;
    }

    /** This mode as an arm of the interleaved runner: the mode switch's own configuration. */
    public Arm arm() {
        return switch (this) {
            case UNTUNED -> Arm.untuned(label);
            case TUNED -> Arm.tuned(label, Launch.UNPINNED);
            case TUNED_PINNED -> Arm.tuned(label, Launch.BIG);
        };
    }

    public static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.label.equals(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text.strip() + "' (known: untuned, tuned, tuned+pinned)");
    }

    /** A comma-separated list of distinct modes, in the order given. */
    public static List<Mode> parseList(String text) {
        List<Mode> modes = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty mode in '" + text + "'");
            }
            Mode m = parse(part);
            if (modes.contains(m)) {
                throw new IllegalArgumentException("mode '" + m.label + "' given twice in '" + text + "'");
            }
            modes.add(m);
        }
        return modes;
    }

    @Override
    public String toString() {
        return label;
    }
}
