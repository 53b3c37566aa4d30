package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Change;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.tune.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other boot-time governor setters in the host snapshot (issue 11): Armbian's optimization
 * script, cpufrequtils, tuned, power-profiles-daemon, read from the files and units a host carries.
 */
class GovernorSettersTest {
    @TempDir
    Path t;

    private Path tree(String base) throws IOException {
        return TestHosts.copy(base, t.resolve("root"));
    }

    private static void write(Path root, String hostPath, String text) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void link(Path root, String hostPath, String target) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private static List<GovernorSetter> read(Path root) throws IOException {
        return GovernorSetters.read(SysRoot.of(root));
    }

    @Test
    void plainHostsHaveNone() throws Exception {
        for (String h : List.of("cm3588", "rpi5", "x86")) {
            assertEquals(List.of(), HostSnapshot.read(SysRoot.of(TestHosts.host(h))).governorSetters(), h);
        }
    }

    @Test
    void armbianHostNamesTheScriptItsSettingAndFile() throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588-armbian")));
        assertEquals(List.of(new GovernorSetter("armbian-hardware-optimization", "armbian-hardware-optimization.service",
                true, Optional.of("ondemand"), "GOVERNOR=ondemand", "/etc/default/cpufrequtils")), h.governorSetters());
        assertEquals("GOVERNOR=ondemand in /etc/default/cpufrequtils", h.governorSetters().get(0).where());
    }

    @Test
    void verifyNamesTheLikelyOwnerOfADriftedGovernor() throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588-armbian")));
        Plan plan = Planner.plan(h, Config.defaults(), Optional.empty());
        List<Verifier.Line> gov = Verifier.verify(h, plan).stream()
                .filter(l -> l.change().kind() == Change.Kind.CPUFREQ_GOVERNOR).toList();
        assertEquals(2, gov.size(), gov.toString());
        for (Verifier.Line l : gov) {
            assertFalse(l.passed());
            assertTrue(l.text().startsWith("verify: failed: "), l.text());
            assertTrue(l.text().endsWith(" = ondemand, expected performance (likely set by armbian-hardware-optimization: "
                    + "GOVERNOR=ondemand in /etc/default/cpufrequtils)"), l.text());
        }
        // IRQ lines get no governor owner; the plain CM3588 (schedutil, nothing installed) none either.
        Verifier.verify(h, plan).stream().filter(l -> l.change().kind() != Change.Kind.CPUFREQ_GOVERNOR)
                .forEach(l -> assertFalse(l.text().contains("likely set by"), l.text()));
        HostSnapshot plain = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588")));
        Verifier.verify(plain, Planner.plan(plain, Config.defaults(), Optional.empty()))
                .forEach(l -> assertFalse(l.text().contains("likely set by"), l.text()));
    }

    @Test
    void aSetterWhoseValueDiffersFromTheDriftIsNotBlamed() throws Exception {
        Path root = tree("cm3588-armbian");
        write(root, "/etc/default/cpufrequtils", "GOVERNOR=powersave\n");
        HostSnapshot h = HostSnapshot.read(SysRoot.of(root));
        Plan plan = Planner.plan(h, Config.defaults(), Optional.empty());
        Verifier.verify(h, plan).forEach(l -> assertFalse(l.text().contains("likely set by"), l.text()));
    }

    @Test
    void disabledOrMaskedUnitsAreNotEnabled() throws Exception {
        Path root = tree("cm3588-armbian");
        Files.delete(root.resolve("etc/systemd/system/basic.target.wants/armbian-hardware-optimization.service"));
        assertFalse(read(root).get(0).enabled());
        HostSnapshot h = HostSnapshot.read(SysRoot.of(root));
        assertEquals(List.of(), h.enabledGovernorSetters());

        link(root, "/etc/systemd/system/basic.target.wants/armbian-hardware-optimization.service",
                "/lib/systemd/system/armbian-hardware-optimization.service");
        link(root, "/etc/systemd/system/armbian-hardware-optimization.service", "/dev/null");
        assertFalse(read(root).get(0).enabled(), "masked");
    }

    @Test
    void cpufrequtilsInitScriptEnabledThroughRcLinksWithItsDefaultGovernor() throws Exception {
        Path root = tree("cm3588");
        write(root, "/etc/init.d/cpufrequtils", "#!/bin/sh\n");
        assertEquals(List.of(new GovernorSetter("cpufrequtils", "cpufrequtils.service", false, Optional.of("ondemand"),
                "GOVERNOR=ondemand (its built-in default; /etc/default/cpufrequtils missing)", "")), read(root));
        link(root, "/etc/rc2.d/S01cpufrequtils", "../init.d/cpufrequtils");
        assertTrue(read(root).get(0).enabled());
        write(root, "/etc/default/cpufrequtils", "# comment\nENABLE=\"true\"\nexport GOVERNOR=\"performance\"  # fast\n");
        GovernorSetter s = read(root).get(0);
        assertEquals(Optional.of("performance"), s.governor());
        assertEquals("GOVERNOR=performance in /etc/default/cpufrequtils", s.where());
        write(root, "/etc/default/cpufrequtils", "ENABLE=\"false\"\nGOVERNOR=ondemand\n");
        assertEquals(Optional.empty(), read(root).get(0).governor());
        assertEquals("ENABLE=false in /etc/default/cpufrequtils", read(root).get(0).where());
    }

    /** The start links the old {@code S[0-9]{2}NAME} pattern took, and only those (rc2.d to rc5.d). */
    @Test
    void onlyStartLinksWithTwoDigitsEnableTheInitScript() throws Exception {
        Path root = tree("cm3588");
        write(root, "/etc/init.d/cpufrequtils", "#!/bin/sh\n");
        for (String name : List.of("S1cpufrequtils", "S001cpufrequtils", "K01cpufrequtils", "S01cpufrequtilsx",
                "S01cpufrequtil", "s01cpufrequtils", "S\u066101cpufrequtils", "S0\u0661cpufrequtils", "Sx1cpufrequtils")) {
            link(root, "/etc/rc3.d/" + name, "../init.d/cpufrequtils");
        }
        link(root, "/etc/rc1.d/S01cpufrequtils", "../init.d/cpufrequtils");
        assertFalse(read(root).get(0).enabled());
        link(root, "/etc/rc5.d/S99cpufrequtils", "../init.d/cpufrequtils");
        assertTrue(read(root).get(0).enabled());
    }

    @Test
    void tunedActiveProfileWithIncludes() throws Exception {
        Path root = tree("cm3588");
        write(root, "/usr/lib/systemd/system/tuned.service", "[Service]\nExecStart=/usr/sbin/tuned -l -P\n");
        link(root, "/etc/systemd/system/multi-user.target.wants/tuned.service", "/usr/lib/systemd/system/tuned.service");
        write(root, "/etc/tuned/active_profile", "my-profile\n");
        write(root, "/usr/lib/tuned/powersave/tuned.conf", "[main]\nsummary=save\n\n[cpu]\ngovernor=ondemand|powersave\n");
        write(root, "/etc/tuned/my-profile/tuned.conf", "[main]\ninclude=powersave\n\n[disk]\nreadahead=4096\n");
        GovernorSetter s = read(root).get(0);
        assertEquals("tuned", s.name());
        assertTrue(s.enabled());
        assertEquals(Optional.of("ondemand"), s.governor(), "the first of an a|b list");
        assertEquals("profile my-profile: [cpu] governor=ondemand|powersave in /usr/lib/tuned/powersave/tuned.conf", s.where());

        // The profile's own [cpu] overrides its include (tuned >= 2.23 keeps profiles in profiles/).
        Files.delete(root.resolve("etc/tuned/my-profile/tuned.conf"));
        write(root, "/etc/tuned/profiles/my-profile/tuned.conf",
                "[main]\ninclude=powersave\n[my_cpu]\ntype=cpu\ngovernor=performance\n");
        assertEquals(Optional.of("performance"), read(root).get(0).governor());

        write(root, "/etc/tuned/active_profile", "\n");
        assertEquals(Optional.empty(), read(root).get(0).governor());
        assertEquals("no active profile in /etc/tuned/active_profile", read(root).get(0).where());
    }

    @Test
    void tunedIncludeLoopEnds() throws Exception {
        Path root = tree("cm3588");
        write(root, "/lib/systemd/system/tuned.service", "[Service]\n");
        write(root, "/etc/tuned/active_profile", "a");
        write(root, "/etc/tuned/a/tuned.conf", "[main]\ninclude=b\n");
        write(root, "/etc/tuned/b/tuned.conf", "[main]\ninclude=a\n");
        assertEquals(Optional.empty(), read(root).get(0).governor());
    }

    @Test
    void powerProfilesDaemonSetsNoGovernor() throws Exception {
        Path root = tree("cm3588");
        write(root, "/lib/systemd/system/power-profiles-daemon.service", "[Service]\n");
        link(root, "/etc/systemd/system/graphical.target.wants/power-profiles-daemon.service",
                "/lib/systemd/system/power-profiles-daemon.service");
        write(root, "/var/lib/power-profiles-daemon/state.ini", "[State]\nDriver=placeholder\nProfile=balanced\n");
        GovernorSetter s = read(root).get(0);
        assertTrue(s.enabled());
        assertEquals(Optional.empty(), s.governor());
        assertTrue(s.where().startsWith("Profile=balanced (it sets energy-performance"), s.where());
    }

    @Test
    void shellAssignmentsAsASourcedFileReadsThem() {
        assertEquals(Map.of("A", "1", "B", "two words", "C", "x", "D", "q"),
                GovernorSetters.shellAssignments("A=1\nB=\"two words\"\n  C=x # c\n#E=no\nD='q'\nnot an assignment\n1X=bad\n"));
    }
}
