package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** systemd's $VAR expansion is a scan now: it must give what the regular expressions gave. */
class IrqbalanceExpandTest {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> PIECES = List.of("$", "${", "}", "{", "A", "ARGS", "_", "9", "x", " ", "  ", "\t",
            "\n", "\u00a0", "\\", "$1", "-", "--banirq=", "\u0661", "OPT", "$$");
    private static final Map<String, String> ENV = Map.of("ARGS", "--foreground  --banirq=5", "A", "a$1\\x", "_", "",
            "OPT", " \t-o ");

    private static String old(String exec, Map<String, String> env) {
        Matcher m = VAR.matcher(exec);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        m.appendTail(sb);
        return sb.toString().strip().replaceAll("\\s+", " ");
    }

    @Test
    void expandsAsTheRegexDid() {
        Random r = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(10);
            for (int k = 0; k < n; k++) {
                b.append(PIECES.get(r.nextInt(PIECES.size())));
            }
            String exec = b.toString();
            assertEquals(old(exec, ENV), IrqbalanceUnit.expand(exec, ENV), exec);
            String line = exec.replace("\n", "") + "=v";
            String l = line.strip();
            l = l.startsWith("export ") ? l.substring(7).strip() : l;
            String key = l.substring(0, l.indexOf('=')).strip();
            boolean named = NAME.matcher(key).matches() && !l.startsWith("#") && !l.startsWith(";");
            assertEquals(named ? Map.of(key, l.substring(l.indexOf('=') + 1).strip()) : Map.of(),
                    IrqbalanceUnit.environmentFile(line), exec);
        }
    }
}
