package ax650n.tuning.host;

import java.util.OptionalInt;

/** A process or kernel thread of interest (irqbalance, IRQ threads): its comm and last CPU. */
public record ProcessInfo(int pid, String comm, OptionalInt lastCpu) {
    /** The IRQ number of an IRQ thread {@code irq/<N>-<name>}, when this is one. */
    public OptionalInt irqThreadOf() {
        if (!comm.startsWith("irq/")) {
            return OptionalInt.empty();
        }
        int dash = comm.indexOf('-', 4);
        String num = dash < 0 ? comm.substring(4) : comm.substring(4, dash);
        if (num.isEmpty() || num.length() > 9) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < num.length(); i++) {
            if (num.charAt(i) < '0' || num.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(num));
    }
}
