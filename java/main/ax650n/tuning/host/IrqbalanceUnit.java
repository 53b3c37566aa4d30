package ax650n.tuning.host;

import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How systemd starts irqbalance on this host: its unit's {@code ExecStart=}, our drop-in, and the
 * variables of its environment files (e.g. {@code IRQBALANCE_ARGS} from
 * {@code /etc/default/irqbalance}), which systemd expands in {@code ExecStart=}: a ban placed
 * there counts.
 *
 * @param execStart the last non-empty {@code ExecStart=} of the unit, as written (unexpanded)
 * @param dropin    the text of our drop-in {@link #DROPIN}, when present
 * @param env       the environment files' variables, later files overriding earlier ones
 */
public record IrqbalanceUnit(Optional<String> execStart, Optional<String> dropin, Map<String, String> env) {
    /** Our boot-scoped drop-in that makes irqbalance leave the card's IRQs alone. */
    public static final String DROPIN = "/run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf";
    /** Where irqbalance's unit may live, highest precedence first. */
    static final List<String> UNITS = List.of("/etc/systemd/system/irqbalance.service",
            "/lib/systemd/system/irqbalance.service", "/usr/lib/systemd/system/irqbalance.service");
    /** The environment files Debian's and upstream's irqbalance.service read, in that order. */
    public static final List<String> ENV_FILES = List.of("/usr/lib/irqbalance/defaults.env", "/etc/default/irqbalance");

    public IrqbalanceUnit {
        env = Map.copyOf(env);
    }

    static IrqbalanceUnit read(SysRoot root) throws IOException {
        Optional<String> execStart = Optional.empty();
        for (String unit : UNITS) {
            Optional<String> text = root.readOptional(unit);
            if (text.isPresent()) {
                execStart = lastExecStart(text.get());
                break;
            }
        }
        Optional<String> dropin = root.readOptional(DROPIN);
        Map<String, String> env = new LinkedHashMap<>();
        for (String f : ENV_FILES) {
            Optional<String> text = root.readOptional(f);
            if (text.isPresent()) {
                env.putAll(environmentFile(text.get()));
            }
        }
        return new IrqbalanceUnit(execStart, dropin, env);
    }

    /** The unit's command line, expanded. */
    public Optional<IrqbalanceArgs> unitArgs() {
        return execStart.isPresent() ? Optional.of(new IrqbalanceArgs(expand(execStart.get(), env))) : Optional.empty();
    }

    /** The command line of the drop-in's last {@code ExecStart=}, expanded. */
    public Optional<IrqbalanceArgs> dropinArgs() {
        Optional<String> exec = dropin.isPresent() ? lastExecStart(dropin.get()) : Optional.empty();
        return exec.isPresent() ? Optional.of(new IrqbalanceArgs(expand(exec.get(), env))) : Optional.empty();
    }

    /** The file name of {@link #DROPIN}. */
    public static String dropinName() {
        return DROPIN.substring(DROPIN.lastIndexOf('/') + 1);
    }

    /** The command of the last non-empty {@code ExecStart=} of a unit file (or drop-in). */
    public static Optional<String> lastExecStart(String unit) {
        Optional<String> last = Optional.empty();
        for (String line : unit.split("\n")) {
            String l = line.strip();
            if (l.startsWith("ExecStart=")) {
                String v = l.substring("ExecStart=".length()).strip();
                last = v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return last;
    }

    /**
     * Expands {@code $NAME} and {@code ${NAME}} as systemd does in ExecStart= (unknown names:
     * empty; NAME is {@code [A-Za-z_][A-Za-z0-9_]*}; a {@code $} that starts neither stays), then
     * strips the result and makes each run of white space one space.
     */
    public static String expand(String exec, Map<String, String> env) {
        StringBuilder sb = new StringBuilder(exec.length());
        int i = 0;
        while (i < exec.length()) {
            char c = exec.charAt(i);
            if (c == '$') {
                int braced = i + 1 < exec.length() && exec.charAt(i + 1) == '{' ? Ascii.identifierEnd(exec, i + 2) : i + 2;
                if (braced > i + 2 && braced < exec.length() && exec.charAt(braced) == '}') {
                    sb.append(env.getOrDefault(exec.substring(i + 2, braced), ""));
                    i = braced + 1;
                    continue;
                }
                int plain = Ascii.identifierEnd(exec, i + 1);
                if (plain > i + 1) {
                    sb.append(env.getOrDefault(exec.substring(i + 1, plain), ""));
                    i = plain;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return Ascii.collapseSpace(sb.toString().strip());
    }

    /**
     * Variables of systemd EnvironmentFile= text: {@code KEY=value} lines, values optionally in
     * single or double quotes, {@code #} and {@code ;} comment lines. Later files override earlier ones.
     */
    public static Map<String, String> environmentFile(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring(7).strip();
            }
            int eq = l.indexOf('=');
            if (eq <= 0 || !Ascii.isIdentifier(l.substring(0, eq).strip())) {
                continue;
            }
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1);
            }
            m.put(l.substring(0, eq).strip(), v);
        }
        return m;
    }
}
