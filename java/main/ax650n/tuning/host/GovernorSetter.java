package ax650n.tuning.host;

import java.util.Optional;

/**
 * Another program on the host that sets cpufreq governors at boot (issue 11), as the snapshot
 * found it: Armbian's {@code armbian-hardware-optimization}, Debian 11/12's {@code cpufrequtils},
 * {@code tuned} (its {@code cpu} plugin) or {@code power-profiles-daemon}.
 *
 * @param name     the program, e.g. {@code armbian-hardware-optimization}
 * @param unit     its unit, e.g. {@code armbian-hardware-optimization.service}
 * @param enabled  whether it runs at boot (a {@code *.wants/} link, or an rc{2..5}.d start link
 *                 for an init script) and is not masked
 * @param governor the governor it applies to every cpufreq policy, when it sets one
 * @param setting  the setting that says so, e.g. {@code GOVERNOR=ondemand}, or why none
 * @param source   where that setting is, e.g. {@code /etc/default/cpufrequtils}
 */
public record GovernorSetter(String name, String unit, boolean enabled, Optional<String> governor, String setting,
                             String source) {
    /** "GOVERNOR=ondemand in /etc/default/cpufrequtils". */
    public String where() {
        return source.isEmpty() ? setting : setting + " in " + source;
    }
}
