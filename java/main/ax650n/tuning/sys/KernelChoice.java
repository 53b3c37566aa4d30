package ax650n.tuning.sys;

import java.util.Optional;

/**
 * A kernel file that lists the choices and brackets the active one, e.g. the {@code pcie_aspm}
 * policy {@code default [performance] powersave powersupersave}.
 */
public final class KernelChoice {
    private KernelChoice() {
    }

    /** The bracketed word of such a line, or empty when it has none. */
    public static Optional<String> active(String line) {
        int a = line.indexOf('[');
        int b = a < 0 ? -1 : line.indexOf(']', a + 1);
        return a >= 0 && b > a ? Optional.of(line.substring(a + 1, b)) : Optional.empty();
    }
}
