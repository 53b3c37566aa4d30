package ax650n.tuning.host;

import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what else on the host sets cpufreq governors at boot (issue 11), for the snapshot:
 * <ul>
 * <li>Armbian's {@code armbian-hardware-optimization.service} applies {@code GOVERNOR} from
 *     {@code /etc/default/cpufrequtils} to every policy (rockchip64 boards: {@code ondemand});</li>
 * <li>Debian 11/12's {@code cpufrequtils} init script reads the same file (its own default is
 *     {@code ondemand}; {@code ENABLE="false"} turns it off);</li>
 * <li>{@code tuned}: the {@code governor=} of the {@code [cpu]} section of the active profile
 *     ({@code /etc/tuned/active_profile}), following {@code include=};</li>
 * <li>{@code power-profiles-daemon}: recorded with its profile; it sets energy-performance
 *     preferences or the platform profile, not the governor.</li>
 * </ul>
 * Only programs whose files are present are returned. All parsing of those files is here; the
 * diagnose rule and verify read the typed result.
 */
public final class GovernorSetters {
    public static final String CPUFREQUTILS_DEFAULTS = "/etc/default/cpufrequtils";
    public static final String ARMBIAN_SCRIPT = "/usr/lib/armbian/armbian-hardware-optimization";
    public static final String CPUFREQUTILS_INIT = "/etc/init.d/cpufrequtils";
    public static final String TUNED_ACTIVE = "/etc/tuned/active_profile";
    public static final String PPD_STATE = "/var/lib/power-profiles-daemon/state.ini";
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system");
    static final List<String> TUNED_PROFILE_DIRS = List.of("/etc/tuned/profiles", "/etc/tuned", "/usr/lib/tuned/profiles",
            "/usr/lib/tuned");
    private static final int MAX_INCLUDE_DEPTH = 8;

    private GovernorSetters() {
    }

    public static List<GovernorSetter> read(SysRoot root) throws IOException {
        List<GovernorSetter> out = new ArrayList<>();
        Optional<String> defaults = root.readOptional(CPUFREQUTILS_DEFAULTS);
        Map<String, String> vars = defaults.isPresent() ? shellAssignments(defaults.get()) : Map.of();

        String armbianUnit = "armbian-hardware-optimization.service";
        if (root.exists(ARMBIAN_SCRIPT) || unitFile(root, armbianUnit).isPresent()) {
            out.add(fromDefaults("armbian-hardware-optimization", armbianUnit, enabled(root, armbianUnit, null),
                    defaults.isPresent(), vars, null));
        }
        if (root.exists(CPUFREQUTILS_INIT) || unitFile(root, "cpufrequtils.service").isPresent()) {
            out.add(fromDefaults("cpufrequtils", "cpufrequtils.service", enabled(root, "cpufrequtils.service", "cpufrequtils"),
                    defaults.isPresent(), vars, "ondemand"));
        }
        if (unitFile(root, "tuned.service").isPresent()) {
            out.add(tuned(root));
        }
        if (unitFile(root, "power-profiles-daemon.service").isPresent()) {
            Optional<String> state = root.readOptional(PPD_STATE);
            String profile = state.isPresent() ? iniFlat(state.get()).getOrDefault("profile", "") : "";
            out.add(new GovernorSetter("power-profiles-daemon", "power-profiles-daemon.service",
                    enabled(root, "power-profiles-daemon.service", null), Optional.empty(),
                    (profile.isEmpty() ? "no saved profile" : "Profile=" + profile)
                            + " (it sets energy-performance preferences or the platform profile, not the governor)",
                    profile.isEmpty() ? "" : PPD_STATE));
        }
        return out;
    }

    /** Armbian's script and cpufrequtils: GOVERNOR (and ENABLE) of /etc/default/cpufrequtils. */
    private static GovernorSetter fromDefaults(String name, String unit, boolean enabled, boolean fileThere,
                                               Map<String, String> vars, String builtinDefault) {
        String enable = vars.getOrDefault("ENABLE", "true");
        if (enable.equalsIgnoreCase("false")) {
            return new GovernorSetter(name, unit, enabled, Optional.empty(), "ENABLE=" + enable, CPUFREQUTILS_DEFAULTS);
        }
        String gov = vars.getOrDefault("GOVERNOR", "");
        if (!gov.isEmpty()) {
            return new GovernorSetter(name, unit, enabled, Optional.of(gov), "GOVERNOR=" + gov, CPUFREQUTILS_DEFAULTS);
        }
        String why = (fileThere ? "no GOVERNOR in " + CPUFREQUTILS_DEFAULTS : CPUFREQUTILS_DEFAULTS + " missing");
        if (builtinDefault != null) {
            return new GovernorSetter(name, unit, enabled, Optional.of(builtinDefault),
                    "GOVERNOR=" + builtinDefault + " (its built-in default; " + why + ")", "");
        }
        return new GovernorSetter(name, unit, enabled, Optional.empty(), why, "");
    }

    private static GovernorSetter tuned(SysRoot root) throws IOException {
        boolean enabled = enabled(root, "tuned.service", null);
        Optional<String> file = root.readOptional(TUNED_ACTIVE);
        Optional<String> active = file.isPresent() && !file.get().isBlank() ? Optional.of(file.get().strip()) : Optional.empty();
        if (active.isEmpty()) {
            return new GovernorSetter("tuned", "tuned.service", enabled, Optional.empty(), "no active profile", TUNED_ACTIVE);
        }
        // Several profiles may be active at once ("a b"): later ones override earlier ones.
        Optional<String> governor = Optional.empty();
        String from = "";
        for (String profile : Ascii.splitSpace(active.get())) {
            Optional<String[]> g = tunedGovernor(root, profile, 0);
            if (g.isPresent()) {
                governor = Optional.of(g.get()[0]);
                from = g.get()[1];
            }
        }
        if (governor.isEmpty()) {
            return new GovernorSetter("tuned", "tuned.service", enabled, Optional.empty(),
                    "profile " + active.get() + " sets no governor", TUNED_ACTIVE);
        }
        // tuned takes the first governor of an "a|b" list that the kernel offers.
        int bar = governor.get().indexOf('|');
        String first = (bar >= 0 ? governor.get().substring(0, bar) : governor.get()).strip();
        return new GovernorSetter("tuned", "tuned.service", enabled, Optional.of(first),
                "profile " + active.get() + ": [cpu] governor=" + governor.get(), from);
    }

    /** {governor, file} of a profile, its own [cpu] governor= winning over its includes'. */
    private static Optional<String[]> tunedGovernor(SysRoot root, String profile, int depth) {
        if (depth > MAX_INCLUDE_DEPTH || !Ascii.isName(profile)) {
            return Optional.empty();
        }
        for (String dir : TUNED_PROFILE_DIRS) {
            String file = dir + "/" + profile + "/tuned.conf";
            Optional<String> text = root.readOptional(file);
            if (text.isEmpty()) {
                continue;
            }
            Map<String, Map<String, String>> ini = ini(text.get());
            Optional<String[]> result = Optional.empty();
            for (String inc : ini.getOrDefault("main", Map.of()).getOrDefault("include", "").split(",")) {
                if (!inc.isBlank()) {
                    Optional<String[]> g = tunedGovernor(root, inc.strip(), depth + 1);
                    if (g.isPresent()) {
                        result = g;
                    }
                }
            }
            for (Map.Entry<String, Map<String, String>> s : ini.entrySet()) {
                boolean cpu = s.getKey().equals("cpu") || "cpu".equals(s.getValue().get("type"));
                String gov = s.getValue().get("governor");
                if (cpu && gov != null && !gov.isEmpty()) {
                    result = Optional.of(new String[] {gov, file});
                }
            }
            return result;
        }
        return Optional.empty();
    }

    /** Where a unit's file is (the first unit directory that has it), unless masked. */
    static Optional<String> unitFile(SysRoot root, String unit) {
        for (String dir : UNIT_DIRS) {
            String p = dir + "/" + unit;
            Optional<String> link = root.readLink(p);
            if (link.isPresent() && link.get().equals("/dev/null")) {
                return Optional.empty();
            }
            if (root.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the unit starts at boot: a link in some {@code /etc/systemd/system/*.wants/}, or
     * for an init script (sysvName) a start link {@code /etc/rc[2-5].d/S??name}; never when masked.
     */
    static boolean enabled(SysRoot root, String unit, String sysvName) throws IOException {
        Optional<String> mask = root.readLink("/etc/systemd/system/" + unit);
        if (mask.isPresent() && mask.get().equals("/dev/null")) {
            return false;
        }
        for (String d : root.list("/etc/systemd/system")) {
            if (d.endsWith(".wants")) {
                String p = "/etc/systemd/system/" + d + "/" + unit;
                if (root.isSymbolicLink(p) || root.exists(p)) {
                    return true;
                }
            }
        }
        if (sysvName != null) {
            for (int level = 2; level <= 5; level++) {
                for (String n : root.list("/etc/rc" + level + ".d")) {
                    // S[0-9]{2}NAME
                    if (n.length() == 3 + sysvName.length() && n.charAt(0) == 'S' && Ascii.isDigit(n.charAt(1))
                            && Ascii.isDigit(n.charAt(2)) && n.endsWith(sysvName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The assignments of a shell fragment such as /etc/default/cpufrequtils: {@code NAME=value},
     * {@code NAME="value"}, {@code NAME='value'}, {@code export NAME=value}; comments and other
     * lines are skipped (the file is sourced by a shell, which this does not emulate further).
     * Later assignments win.
     */
    public static Map<String, String> shellAssignments(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("export ")) {
                l = l.substring("export ".length()).strip();
            }
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0 || !Ascii.isIdentifier(l.substring(0, eq))) {
                continue;
            }
            String v = l.substring(eq + 1).strip();
            if (v.startsWith("\"") && v.indexOf('"', 1) > 0) {
                v = v.substring(1, v.indexOf('"', 1));
            } else if (v.startsWith("'") && v.indexOf('\'', 1) > 0) {
                v = v.substring(1, v.indexOf('\'', 1));
            } else {
                int hash = v.indexOf(" #");
                v = (hash >= 0 ? v.substring(0, hash) : v).strip();
                int space = v.indexOf(' ');
                v = space >= 0 ? v.substring(0, space) : v;
            }
            out.put(l.substring(0, eq), v);
        }
        return out;
    }

    /** A tuned-style INI file: section -> key -> value (keys lower case, "#" comments). */
    static Map<String, Map<String, String>> ini(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        String section = "";
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1).strip();
                section(out, section);
                continue;
            }
            int eq = l.indexOf('=');
            if (eq > 0) {
                section(out, section).put(l.substring(0, eq).strip().toLowerCase(Locale.ROOT), l.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static Map<String, String> section(Map<String, Map<String, String>> ini, String name) {
        Map<String, String> s = ini.get(name);
        if (s == null) {
            s = new LinkedHashMap<>();
            ini.put(name, s);
        }
        return s;
    }

    private static Map<String, String> iniFlat(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> s : ini(text).values()) {
            out.putAll(s);
        }
        return out;
    }
}
