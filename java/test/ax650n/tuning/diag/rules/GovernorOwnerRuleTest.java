package ax650n.tuning.diag.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.diag.Report;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule governor-owner: enabled boot-time governor setters named with their setting and file. */
class GovernorOwnerRuleTest {
    @TempDir
    Path t;

    private static List<Recommendation> owners(HostSnapshot h, Config c) {
        Report r = Diagnoser.diagnose(h, c, List.of(), Report.Source.sysroot("t"));
        return r.recommendations().stream().filter(x -> x.id().equals(GovernorOwnerRule.ID)).toList();
    }

    private static HostSnapshot host(Path root) throws Exception {
        return HostSnapshot.read(SysRoot.of(root), HostScope.EVERYTHING);
    }

    @Test
    void armbianWithOndemandIsAWarningThatNamesItsSettingAndFile() throws Exception {
        List<Recommendation> r = owners(host(TestHosts.host("cm3588-armbian")), Config.defaults());
        assertEquals(1, r.size(), r.toString());
        Recommendation w = r.get(0);
        assertEquals(Severity.WARN, w.severity());
        assertEquals("armbian-hardware-optimization", w.subject());
        assertTrue(w.why().contains("armbian-hardware-optimization.service is enabled"), w.why());
        assertTrue(w.why().contains("(GOVERNOR=ondemand in /etc/default/cpufrequtils)"), w.why());
        assertTrue(w.why().contains("policy4 (cpus 4-5, wants performance), policy6 (cpus 6-7, wants performance)"), w.why());
        assertEquals(Optional.of("sudo sed -i 's/^GOVERNOR=.*/GOVERNOR=performance/' /etc/default/cpufrequtils"), w.fix());
    }

    @Test
    void noConflictWhenItSetsPerformanceOrTheTuningSetsNoGovernor() throws Exception {
        Path root = TestHosts.copy("cm3588-armbian", t.resolve("root"));
        Files.writeString(root.resolve("etc/default/cpufrequtils"), "GOVERNOR=performance\n");
        Recommendation ok = owners(host(root), Config.defaults()).get(0);
        assertEquals(Severity.OK, ok.severity());
        assertTrue(ok.why().endsWith("the same as the tuning"), ok.why());

        Files.writeString(root.resolve("etc/default/cpufrequtils"), "GOVERNOR=ondemand\n");
        Recommendation none = owners(host(root), Config.parse("big_governor = none\n", "t.conf")).get(0);
        assertEquals(Severity.OK, none.severity());
        assertTrue(none.why().endsWith("the tuning sets no governor"), none.why());

        // little_governor = powersave: ondemand now conflicts on the little cluster only.
        Recommendation little = owners(host(root), Config.parse("big_governor = none\nlittle_governor = powersave\n", "t.conf")).get(0);
        assertEquals(Severity.WARN, little.severity());
        assertTrue(little.why().contains("policy0 (cpus 0-3, wants powersave)") && !little.why().contains("policy4"), little.why());
    }

    @Test
    void disabledSettersAreNotMentionedAndPlainHostsHaveNoFinding() throws Exception {
        Path root = TestHosts.copy("cm3588-armbian", t.resolve("root"));
        Files.delete(root.resolve("etc/systemd/system/basic.target.wants/armbian-hardware-optimization.service"));
        assertEquals(List.of(), owners(host(root), Config.defaults()));
        assertEquals(List.of(), owners(host(TestHosts.host("cm3588")), Config.defaults()));
    }
}
