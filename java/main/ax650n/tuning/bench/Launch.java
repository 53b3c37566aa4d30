package ax650n.tuning.bench;

import ax650n.tuning.sys.Labelled;

/** How a benchmarked command is started: where the scheduler may put it. */
public enum Launch implements Labelled {
    /** Started as is: the scheduler may run it on any CPU. */
    UNPINNED("unpinned"),
    /** Pinned to the big cores, as {@code ax650n-tune run} starts it. */
    BIG("big"),
    /** Pinned to the big cores except those the card IRQs are steered to. */
    BIG_EXCEPT_IRQ("big-except-irq");

    private final String label;

    Launch(String label) {
        this.label = label;
    }

    /** The word the autotune report and config comments use. */
    @Override
    public String label() {
        return label;
    }

    public boolean pinned() {
        return this != UNPINNED;
    }

    /** The launch of this label, if any. */
    public static Launch ofLabel(String label) {
        for (Launch l : values()) {
            if (l.label.equals(label)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown launch '" + label + "' (known: unpinned, big, big-except-irq)");
    }

    @Override
    public String toString() {
        return label;
    }
}
