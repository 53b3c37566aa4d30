package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.assumeTool;
import static ax650n.tuning.packaging.PackagingSupport.basedir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The units and the udev rule: hardening score, the traps that would break the tuning, shape. */
class SystemdUnitsIT {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");

    static double exposure(Path unit) {
        PackagingSupport.Result r = PackagingSupport.run(
                List.of("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()));
        Matcher m = EXPOSURE.matcher(r.out() + r.err());
        assertTrue(m.find(), "no exposure line from systemd-analyze: " + r.describe());
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ax650n-tuning.service", "ax650n-tuning@.service"})
    void exposureAtMostOnePointFive(String unit) {
        assumeTool("systemd-analyze");
        double e = exposure(basedir().resolve("systemd").resolve(unit));
        System.out.println("systemd-analyze security --offline=true " + unit + ": " + e);
        assertTrue(e <= 1.5, unit + " exposure " + e + " > 1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ax650n-tuning.service", "ax650n-tuning@.service"})
    void systemdParsesEveryDirective(String unit) {
        assumeTool("systemd-analyze");
        PackagingSupport.Result r = PackagingSupport.run(
                List.of("systemd-analyze", "verify", "--no-pager", basedir().resolve("systemd").resolve(unit).toString()));
        // Not installed here, so missing executables and man pages are expected complaints;
        // what must not appear is a directive or value that this systemd does not understand.
        for (String line : (r.out() + r.err()).split("\n")) {
            assertFalse(line.matches(".*(Unknown (key|section)|[Ii]nvalid|Failed to parse|ignoring|not supported).*"),
                    "systemd-analyze verify: " + line);
        }
    }

    /** key=value pairs of the unit, comments dropped, in file order. */
    static List<String[]> directives(String unit) throws Exception {
        List<String[]> d = new ArrayList<>();
        for (String line : Files.readAllLines(basedir().resolve("systemd").resolve(unit))) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("[")) {
                continue;
            }
            int eq = t.indexOf('=');
            assertTrue(eq > 0, "not key=value: " + line);
            d.add(new String[] {t.substring(0, eq), t.substring(eq + 1)});
        }
        return d;
    }

    static String joined(List<String[]> d, String key) {
        StringBuilder sb = new StringBuilder();
        for (String[] kv : d) {
            if (kv[0].equals(key)) {
                sb.append(kv[1]).append(' ');
            }
        }
        return sb.toString().trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ax650n-tuning.service", "ax650n-tuning@.service"})
    void sandboxKeepsWhatTheTuningNeeds(String unit) throws Exception {
        List<String[]> d = directives(unit);
        // Would make /proc/irq read-only (no ReadWritePaths= undoes it).
        assertFalse(joined(d, "ProtectKernelTunables").matches(".*\\b(yes|true|on|1)\\b.*"));
        // The JVM's JIT needs W+X memory.
        assertFalse(joined(d, "MemoryDenyWriteExecute").matches(".*\\b(yes|true|on|1)\\b.*"));
        // The irqbalance check must see other processes; /proc/irq must stay visible.
        assertEquals("", joined(d, "ProtectProc").replace("default", ""));
        assertEquals("", joined(d, "ProcSubset").replace("all", ""));
        String rw = " " + joined(d, "ReadWritePaths") + " ";
        for (String p : List.of(" /proc/irq ", " /sys/devices/system/cpu ", " -/sys/class/devfreq ",
                " -/sys/module/pcie_aspm/parameters ")) {
            assertTrue(rw.contains(p), "ReadWritePaths lacks" + p);
        }
        assertTrue(rw.contains(" -/run/systemd/system/irqbalance.service.d "), "the irqbalance drop-in directory");
        assertTrue(joined(d, "ExecStartPre").contains("+/bin/mkdir -p /run/systemd/system/irqbalance.service.d"));
        assertEquals("+/usr/libexec/ax650n-tuning/irqbalance-reload", joined(d, "ExecStartPost"));
        // No network and no way to the service manager from inside.
        assertEquals("none", joined(d, "RestrictAddressFamilies"));
        assertEquals("", joined(d, "CapabilityBoundingSet"));
        assertEquals("ax650n-tuning", joined(d, "RuntimeDirectory"));
        assertEquals("yes", joined(d, "RuntimeDirectoryPreserve"));
        assertEquals("oneshot", joined(d, "Type"));
    }

    @Test
    void bootUnitAppliesRevertsAndHasNoOrderingCycle() throws Exception {
        List<String[]> d = directives("ax650n-tuning.service");
        assertEquals("yes", joined(d, "RemainAfterExit"));
        assertEquals("/usr/bin/ax650n-tune apply", joined(d, "ExecStart"));
        assertEquals("/usr/bin/ax650n-tune revert", joined(d, "ExecStop"));
        assertEquals("multi-user.target", joined(d, "WantedBy"));
        assertFalse((" " + joined(d, "After") + " ").contains(" multi-user.target "),
                "After=multi-user.target with WantedBy=multi-user.target is an ordering cycle");
        assertFalse(joined(d, "DefaultDependencies").equals("no"));
    }

    @Test
    void bootUnitOrdersAfterTheOtherGovernorSettersWithoutPullingThemIn() throws Exception {
        List<String[]> d = directives("ax650n-tuning.service");
        List<String> after = List.of(joined(d, "After").split("\\s+"));
        for (String u : List.of("armbian-hardware-optimization.service", "cpufrequtils.service", "loadcpufreq.service",
                "tuned.service", "power-profiles-daemon.service", "irqbalance.service", "systemd-modules-load.service")) {
            assertTrue(after.contains(u), "After= lacks " + u + ": " + after);
            for (String pull : List.of("Wants", "Requires", "BindsTo", "Requisite")) {
                assertFalse((" " + joined(d, pull) + " ").contains(" " + u + " "), pull + "=" + u + " would pull it in");
            }
        }
    }

    @Test
    void templateUnitAppliesOneDeviceAndCanRunAgain() throws Exception {
        List<String[]> d = directives("ax650n-tuning@.service");
        assertEquals("/usr/bin/ax650n-tune apply --device %I", joined(d, "ExecStart"));
        assertFalse(joined(d, "RemainAfterExit").equals("yes"), "an active instance would not re-run on the next bind");
        assertEquals("", joined(d, "WantedBy"), "instances are started by udev, never enabled");
    }

    @Test
    void udevRuleStartsTheInstanceOnBind() throws Exception {
        List<String> rules = new ArrayList<>();
        for (String l : Files.readAllLines(basedir().resolve("systemd/60-ax650n-tuning.rules"))) {
            if (!l.isBlank() && !l.startsWith("#")) {
                rules.add(l);
            }
        }
        assertTrue(rules.get(0).startsWith("ACTION==\"bind\", SUBSYSTEM==\"pci\", ATTR{vendor}==\"0x1f4b\", "
                + "ATTR{device}==\"0x0650\", TAG+=\"systemd\", ENV{SYSTEMD_WANTS}+=\"ax650n-tuning@$kernel.service\""),
                rules.get(0));
        assertTrue(rules.get(1).contains("PROGRAM==\"/usr/libexec/ax650n-tuning/is-configured-card $attr{vendor} $attr{device}\""),
                rules.get(1));
        assertTrue(rules.get(1).startsWith("ACTION==\"bind\", SUBSYSTEM==\"pci\", "), rules.get(1));
        assertTrue(rules.get(1).endsWith("ENV{SYSTEMD_WANTS}+=\"ax650n-tuning@$kernel.service\""), rules.get(1));
        assertEquals("LABEL=\"ax650n_tuning_end\"", rules.get(2));
        assertEquals(3, rules.size());
    }
}
