package ax650n.tuning.host;

import ax650n.tuning.sys.Ascii;
import java.util.List;
import java.util.Set;

/**
 * The command line irqbalance is started with after systemd's {@code $VAR} expansion (see
 * {@link IrqbalanceUnit}), split into words as systemd passes them.
 *
 * @param commandLine the expanded command, runs of white space made one space
 */
public record IrqbalanceArgs(String commandLine) {
    public List<String> words() {
        return List.of(Ascii.splitSpace(commandLine.trim()));
    }

    /**
     * Whether this command line keeps irqbalance away from a card: every one of {@code mods}
     * banned ({@code --banmod=M}, {@code --banmod M}, {@code -m M}), or every one of {@code irqs}
     * ({@code --banirq=N}, {@code --banirq N}, {@code -i N}). An empty set bans nothing.
     */
    public boolean bansAll(Set<String> mods, List<Integer> irqs) {
        List<String> words = words();
        return bansEvery(words, mods, "--banmod", "-m") || bansEvery(words, irqStrings(irqs), "--banirq", "-i");
    }

    private static List<String> irqStrings(List<Integer> irqs) {
        String[] s = new String[irqs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Integer.toString(irqs.get(i));
        }
        return List.of(s);
    }

    private static boolean bansEvery(List<String> words, java.util.Collection<String> values, String flag, String shortFlag) {
        if (values.isEmpty()) {
            return false;
        }
        for (String v : values) {
            if (!words.contains(flag + "=" + v) && !adjacent(words, flag, v) && !adjacent(words, shortFlag, v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean adjacent(List<String> words, String flag, String value) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(flag) && words.get(i + 1).equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return commandLine;
    }
}
