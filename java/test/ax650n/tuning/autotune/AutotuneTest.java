package ax650n.tuning.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.Captured;
import ax650n.tuning.cli.AutotuneCommand;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.tune.Config;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autotune end to end on a copy of the CM3588 test host: the real tuner applies and reverts each
 * candidate on the tree, the fake workload's speed is a known function of the tree and of its
 * own affinity (see fake-workload.sh), plus seeded noise of +-1 %.
 */
class AutotuneTest {
    @TempDir
    Path tmp;

    private final Captured io = new Captured();
    private final PrintStream out = io.out;
    private final PrintStream err = io.err;

    @BeforeEach
    void needsTheNativeSeam() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "the applier and the pinned launches go through the native seam");
        CpuSet mine = NativeLinux.getAffinity(0);
        assumeTrue(mine.containsAll(FakeWorkload.REAL_BIG), "needs CPUs 0 and 1 to tell the launches apart");
        assumeTrue(mine.equals(FakeWorkload.REAL_BIG), "an unpinned run must see CPUs 0-1 exactly");
    }

    private int autotune(FakeWorkload fake, String... options) throws Exception {
        List<String> a = new ArrayList<>(List.of(options));
        a.addAll(List.of("--sysroot", fake.sysroot().toString(), "--"));
        a.addAll(fake.command());
        return new AutotuneCommand(ctx -> fake.control(ctx.config())).run(a.toArray(String[]::new), out, err);
    }

    private static String block(String json, String key) {
        int i = json.indexOf("\"" + key + "\": {");
        assertTrue(i >= 0, key + " in " + json);
        return json.substring(i, json.indexOf('}', i) + 1).replaceAll("\\s+", " ");
    }

    @Test
    void findsTheOptimumKeepsNoNoiseAndLeavesTheTreeAsItWas() throws Exception {
        FakeWorkload fake = new FakeWorkload(tmp.resolve("state"), 13, 0.01);
        Map<String, String> before = FakeWorkload.fingerprint(fake.sysroot());
        Path dropIn = tmp.resolve("50-autotune.conf");

        int rc = autotune(fake, "-n", "5", "--json", "--write", dropIn.toString());

        String json = io.out();
        String log = io.err();
        Files.writeString(Path.of("/tmp/autotune-test.log"), log + "\n" + json);
        assertEquals(0, rc, log);
        assertEquals(List.of(), FakeWorkload.diff(before, FakeWorkload.fingerprint(fake.sysroot())),
                "the tree is byte-identical afterwards");
        assertEquals("{ \"irq_cpus\": \"6\", \"big_governor\": \"performance\", \"little_governor\": \"none\","
                + " \"dmc_governor\": \"performance\", \"irq_cpu_idle\": \"default\", \"pcie_aspm\": \"default\","
                + " \"launch\": \"big-except-irq\" }", block(json, "winner").substring("\"winner\": ".length()), log);
        assertTrue(json.contains("\"stop\": \"converged\""), json);
        // no factor whose effect is within the noise is kept: only the three real effects were
        List<String> kept = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.startsWith("autotune: pass ") && line.contains(": kept")) {
                kept.add(line.substring(line.indexOf(", ") + 2, line.indexOf(": kept")));
            }
        }
        assertEquals(List.of("irq_cpus = 6", "dmc_governor = performance", "launch = big-except-irq"), kept, log);
        assertTrue(log.contains("pass 1, little_governor = performance: rejected (within the noise"), log);
        assertTrue(log.contains("pass 1, irq_cpus = 5: rejected (within the noise"), log);
        assertTrue(log.contains("pass 1, pcie_aspm = performance: not measured"), log);

        // interleaved: the first comparison alternates the best (auto: IRQ on 4) and the candidate (5)
        List<String> runs = fake.log();
        for (int i = 0; i < 10; i++) {
            assertTrue(runs.get(i).contains(i % 2 == 0 ? " irq=4 " : " irq=5 "), runs.get(i));
        }
        // the final comparison: untuned (IRQ on 0-7, schedutil) against the winner
        String last = runs.get(runs.size() - 1);
        assertTrue(last.contains(" irq=6 big=1 little=schedutil dmc=performance ") && last.contains("except-irq"), last);
        assertTrue(runs.get(runs.size() - 2).contains(" irq=0-7 big=0 little=schedutil dmc=dmc_ondemand "),
                runs.get(runs.size() - 2));
        String fin = block(json, "winner_vs_untuned");
        assertTrue(fin.contains("\"baseline\": \"untuned\""), fin);

        String written = Files.readString(dropIn);
        assertTrue(written.startsWith(ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\n# the winner for: /bin/bash "),
                written);
        assertTrue(written.contains("\nirq_cpus = 6\nbig_governor = performance\nlittle_governor = none\n"
                + "dmc_governor = performance\nirq_cpu_idle = default\npcie_aspm = default\n"), written);
        assertTrue(written.contains("# launch: big-except-irq (start the command with 'ax650n-tune run --cpus 4-5,7 -- CMD')\n"),
                written);
        Config c = Config.parse(written, dropIn.toString());
        assertEquals(CpuSet.of(6), c.irqCpus().orElseThrow());
        assertTrue(c.dmcPerformance());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dropIn)));
        assertFalse(Files.exists(tmp.resolve(".50-autotune.conf.tmp")));
    }

    @Test
    void aCandidateWhoseRunsFailIsRejectedAndReportedNeverKept() throws Exception {
        FakeWorkload fake = new FakeWorkload(tmp.resolve("state"), 7, 0.01).failWhen("little=powersave");
        Map<String, String> before = FakeWorkload.fingerprint(fake.sysroot());

        int rc = autotune(fake, "-n", "3", "--factors", "little_governor,dmc_governor");

        String text = io.out();
        String log = io.err();
        assertEquals(0, rc, log);
        assertEquals(List.of(), FakeWorkload.diff(before, FakeWorkload.fingerprint(fake.sysroot())));
        assertTrue(text.contains("\n  1    little_governor powersave       n/a                          "
                + "rejected: runs failed (3 of 3 runs failed: exit status 3, no speed line)\n"), text);
        assertTrue(text.contains("\n  1    dmc_governor    performance     "), text);
        assertTrue(text.contains("winner:  irq_cpus=auto big_governor=performance little_governor=none"
                + " dmc_governor=performance irq_cpu_idle=default pcie_aspm=default launch=big\n"), text);
        assertTrue(text.contains("winning configuration:\n  # the winner for: /bin/bash "), text);
        assertTrue(text.contains("\n  # launch: big (start the command with 'ax650n-tune run -- CMD')\n"), text);
        assertTrue(text.contains("\n  little_governor = none\n  dmc_governor = performance\n\n"), text);
        assertFalse(text.contains("irq_cpus = "), "only the searched keys are config lines: " + text);
        assertTrue(log.contains("autotune: nothing kept; --write /etc/ax650n-tuning.conf.d/50-autotune.conf keeps"), log);
        // the failing runs really ran with powersave on the little cores: 3 in each pass
        assertEquals(6, fake.log().stream().filter(l -> l.contains(" little=powersave ")).count(), fake.log()::toString);
    }

    @Test
    void usageErrorsTouchNothing() throws Exception {
        FakeWorkload fake = new FakeWorkload(tmp.resolve("state"), 1, 0.01);
        Map<String, String> before = FakeWorkload.fingerprint(fake.sysroot());
        assertEquals(2, autotune(fake, "--factors", "irq_cpus,turbo"));
        assertEquals("ax650n-tune autotune: --factors: unknown factor 'turbo' (known: irq_cpus, big_governor,"
                + " little_governor, dmc_governor, irq_cpu_idle, pcie_aspm, launch) (try --help)\n",
                io.err());
        io.resetErr();
        assertEquals(2, autotune(fake, "--write", tmp.resolve("no/such/dir/50-autotune.conf").toString()));
        assertTrue(io.err().startsWith("ax650n-tune autotune: --write: no directory "),
                io::err);
        io.resetErr();
        assertEquals(2, autotune(fake, "-n", "0"));
        assertTrue(io.err().equals("ax650n-tune autotune: --runs: must be at least 1: '0' (try --help)\n"),
                io::err);
        io.resetErr();
        assertEquals(2, autotune(fake, "--budget", "soon"));
        assertTrue(io.err().equals("ax650n-tune autotune: --budget: not a number: 'soon' (try --help)\n"),
                io::err);
        assertEquals(List.of(), fake.log(), "the workload never ran");
        assertEquals(List.of(), FakeWorkload.diff(before, FakeWorkload.fingerprint(fake.sysroot())));
        assertEquals(0, new AutotuneCommand().run(new String[] {"--help"}, out, err));
        assertTrue(io.out().contains("--factors <LIST>"), io::out);
    }

    @Test
    void ranksByTheFirstMetricInItsDirection() throws Exception {
        // the same number read by a regex: as a speed the dmc governor helps, as a latency it hurts
        FakeWorkload fake = new FakeWorkload(tmp.resolve("state"), 11, 0.01);
        assertEquals(0, autotune(fake, "-n", "3", "--factors", "dmc_governor", "--json",
                "--metric", "spd=avg ([0-9.]+) token/s"), io::err);
        String json = io.out();
        assertTrue(block(json, "metric").contains("\"name\": \"spd\""), json);
        assertTrue(block(json, "metric").contains("\"higher_is_better\": true"), json);
        assertTrue(block(json, "winner").contains("\"dmc_governor\": \"performance\""), json);

        io.resetOut();
        io.resetErr();
        FakeWorkload slow = new FakeWorkload(tmp.resolve("state2"), 11, 0.01);
        assertEquals(0, autotune(slow, "-n", "3", "--factors", "dmc_governor", "--json",
                "--metric", "lat=avg ([0-9.]+) token/s", "--lower-is-better", "lat"), io::err);
        json = io.out();
        assertTrue(block(json, "metric").contains("\"higher_is_better\": false"), json);
        assertTrue(block(json, "winner").contains("\"dmc_governor\": \"none\""), json);
        assertTrue(io.err().contains(
                "pass 1, dmc_governor = performance: rejected (worse: the whole 95 % interval is on the worse side)"),
                io::err);
    }
}
