package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.host.HostSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each Change.Kind accepts exactly the paths of the regular expression it had before the scan. */
class TargetPathTest {
    private static final String NUMBER = "0|[1-9][0-9]{0,8}";
    private static final Map<Change.Kind, Pattern> OLD = Map.of(
            Change.Kind.IRQ_AFFINITY, Pattern.compile("/proc/irq/(" + NUMBER + ")/smp_affinity_list"),
            Change.Kind.CPUFREQ_GOVERNOR, Pattern.compile("/sys/devices/system/cpu/cpufreq/policy(" + NUMBER + ")/scaling_governor"),
            Change.Kind.DEVFREQ_GOVERNOR, Pattern.compile("/sys/class/devfreq/[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}/governor"),
            Change.Kind.CPUIDLE_DISABLE, Pattern.compile("/sys/devices/system/cpu/cpu(" + NUMBER + ")/cpuidle/state("
                    + NUMBER + ")/disable"),
            Change.Kind.ASPM_POLICY, Pattern.compile(Pattern.quote(HostSnapshot.ASPM_POLICY)),
            Change.Kind.IRQBALANCE_DROPIN, Pattern.compile(Pattern.quote(HostSnapshot.IRQBALANCE_DROPIN)));

    /** Slot fillers around every boundary: leading zeros, 9 and 10 digits, non-ASCII digits, name lengths 0/1/64/65. */
    private static final List<String> FILLERS = List.of("", "0", "00", "01", "1", "7", "42", "999999999", "1000000000",
            "2147483647", "-1", "+1", "\u0661", "1\u0661", "a", "dmc", "ff9a0000.gpu", "_x", ".x", "-x", ":x", "x:y-z.w",
            "a/b", "x".repeat(63), "x".repeat(64), "x".repeat(65), "x y", "\n", "1\n", "dmc\n");

    private static List<String> paths() {
        List<String> out = new ArrayList<>();
        String[][] shapes = {{"/proc/irq/", "/smp_affinity_list"}, {"/sys/devices/system/cpu/cpufreq/policy", "/scaling_governor"},
            {"/sys/class/devfreq/", "/governor"}, {"/sys/devices/system/cpu/cpu", "/cpuidle/state", "/disable"}};
        for (String[] s : shapes) {
            for (String a : FILLERS) {
                if (s.length == 2) {
                    out.add(s[0] + a + s[1]);
                    out.add(s[0] + a + s[1] + "/");
                    out.add("/" + s[0] + a + s[1]);
                } else {
                    for (String b : FILLERS) {
                        out.add(s[0] + a + s[1] + b + s[2]);
                    }
                }
            }
        }
        out.add(HostSnapshot.ASPM_POLICY);
        out.add(HostSnapshot.ASPM_POLICY + "x");
        out.add(HostSnapshot.IRQBALANCE_DROPIN);
        out.add(HostSnapshot.IRQBALANCE_DROPIN.toUpperCase(java.util.Locale.ROOT));
        out.add("");
        Random r = new Random(15);
        List<String> base = new ArrayList<>(out);
        for (int i = 0; i < 5_000; i++) { // one character changed, dropped or doubled
            String p = base.get(r.nextInt(base.size()));
            if (p.isEmpty()) {
                continue;
            }
            int k = r.nextInt(p.length());
            String alphabet = "0/9a.:_-x\u0661";
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            out.add(switch (r.nextInt(3)) {
                case 0 -> p.substring(0, k) + c + p.substring(k + 1);
                case 1 -> p.substring(0, k) + p.substring(k + 1);
                default -> p.substring(0, k) + p.charAt(k) + p.substring(k);
            });
        }
        return out;
    }

    @Test
    void kindsAcceptThePathsTheirRegexAccepted() {
        int accepted = 0;
        for (String p : paths()) {
            for (Change.Kind k : Change.Kind.values()) {
                Matcher m = OLD.get(k).matcher(p);
                boolean old = m.matches();
                accepted += old ? 1 : 0;
                assertEquals(old, k.problem(p, "").isEmpty(), k + " " + p);
                if (old && m.groupCount() >= 1) {
                    assertEquals(Integer.parseInt(m.group(1)), k.number(p), k + " " + p);
                } else {
                    assertThrows(IllegalArgumentException.class, () -> k.number(p), k + " " + p);
                }
            }
        }
        assertTrue(accepted > 50, "the sample holds accepted paths: " + accepted);
    }

    @Test
    void aSlotMustEndAtTextItCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> new TargetPath("/a", TargetPath.NUMBER, "1"));
        assertThrows(IllegalArgumentException.class, () -> new TargetPath("/a", TargetPath.DEVFREQ_NAME, "x"));
        assertThrows(IllegalArgumentException.class, () -> new TargetPath("/a", TargetPath.NUMBER, TargetPath.NUMBER));
    }

    @Test
    void lineCountIsTheCountOfLines() {
        for (String s : List.of("", "a", "a\n", "a\nb", "a\r\nb", "a\rb", "\n", "\r\n", "\n\n", "a\n\nb", "a\r\r\nb\n")) {
            assertEquals(s.lines().count(), Change.lineCount(s), s.replace("\n", "\\n").replace("\r", "\\r"));
        }
    }
}
