package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roll-back, errno classes, short writes and exact bytes, through injected writers. */
class ApplierTest {
    @TempDir
    Path tmp;

    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    static final ServiceManager SERVICES = () -> "not restarted (test)";
    static final String IRQ = "proc/irq/170/smp_affinity_list";
    static final String P4 = "sys/devices/system/cpu/cpufreq/policy4/scaling_governor";
    static final String P6 = "sys/devices/system/cpu/cpufreq/policy6/scaling_governor";
    static final String P0 = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";

    Path root;
    SysRoot sys;
    TreeMap<String, String> original;

    @BeforeEach
    void host() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
        root = TestHosts.copy("cm3588", tmp.resolve("h"));
        sys = SysRoot.of(root);
        original = TestHosts.contents(root);
    }

    Plan plan(String config) throws Exception {
        return Planner.plan(HostSnapshot.read(sys, HostScope.EVERYTHING), Config.parse(config, "t.conf"), Optional.empty());
    }

    Applier applier(HostWriter w) {
        return new Applier(sys, new StateStore(sys), SERVICES, QUIET, w);
    }

    Applier plain() {
        return new Applier(sys, new StateStore(sys), SERVICES, QUIET);
    }

    // ---- item 5 --------------------------------------------------------------------------

    @Test
    void rollbackRestoresWhatEachWriteReplacedNotTheSnapshotsValue() throws Exception {
        Plan plan = plan("little_governor = powersave\n");
        // set by hand after the snapshot (while another apply held the lock, say)
        Files.writeString(root.resolve(P4), "ondemand\n");
        Applier.Result r = applier(Faults.failingWhen((p, n) -> p.endsWith(P0), Errno.EIO)).apply(plan);
        assertTrue(r.failed());
        assertEquals("ondemand\n", Files.readString(root.resolve(P4)), "the value the write replaced");
        assertEquals("0-7\n", Files.readString(root.resolve(IRQ)));
        assertEquals("schedutil\n", Files.readString(root.resolve(P6)));
        assertTrue(r.items().stream().anyMatch(i -> i.status() == ItemResult.Status.ROLLED_BACK
                && i.change().target().endsWith("policy4/scaling_governor") && i.detail().equals("restored ondemand")), r.toString());
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal")), "this run's entries are forgotten");
    }

    @Test
    void aRestoreThatFailsDuringRollbackKeepsItsEntryForALaterRevert() throws Exception {
        Plan plan = plan("little_governor = powersave\n");
        // policy0 fails (required: roll back); the roll-back's write to policy4 (its 2nd) fails too
        Applier.Result r = applier(Faults.failingWhen((p, n) -> p.endsWith(P0) || (p.endsWith(P4) && n == 2), Errno.EBUSY))
                .apply(plan);
        assertTrue(r.failed());
        ItemResult p4 = r.items().stream().filter(i -> i.change().target().endsWith("policy4/scaling_governor"))
                .findFirst().orElseThrow();
        assertEquals(ItemResult.Status.ROLLBACK_FAILED, p4.status(), r.toString());
        assertTrue(p4.detail().contains("the original stays in the journal"), p4.detail());
        assertEquals(List.of("a required change failed: rolled back 2 changes of this run; 1 could not be restored and "
                + "stay in the journal (run: ax650n-tune revert)"), r.errors());
        assertEquals("performance\n", Files.readString(root.resolve(P4)));
        List<StateStore.Entry> left = new StateStore(sys).entries();
        assertEquals(1, left.size(), left.toString());
        assertEquals("/" + P4, left.get(0).target());
        assertEquals("schedutil", left.get(0).beforeText());
        Applier.Result rev = plain().revert();
        assertFalse(rev.failed(), rev.toString());
        assertEquals(original, TestHosts.contents(root));
    }

    // ---- item 7 --------------------------------------------------------------------------

    @Test
    void irqErrnosAreClassedAsIrqbalanceDoesAndDoNotRollBack() throws Exception {
        int[] cannot = {Errno.EAGAIN, Errno.EBUSY, Errno.EINVAL, Errno.ERANGE, Errno.ENOMEM, Errno.ENOSPC};
        int[] refused = {Errno.EIO, Errno.EPERM};
        Plan plan = plan("");
        for (int[] group : new int[][] {cannot, refused}) {
            for (int e : group) {
                Applier.Result r = applier(Faults.failingWhen((p, n) -> p.endsWith(IRQ), e)).apply(plan);
                assertFalse(r.failed(), Errno.name(e) + ": " + r);
                ItemResult irq = r.items().get(0);
                assertEquals(group == cannot ? ItemResult.Status.CANNOT_STEER : ItemResult.Status.REFUSED, irq.status(),
                        Errno.name(e));
                assertTrue(irq.detail().endsWith("write " + root.resolve(IRQ) + ": " + Errno.name(e)), irq.detail());
                assertEquals("performance\n", Files.readString(root.resolve(P4)), "the run went on");
                assertFalse(plain().revert().failed());
                assertEquals(original, TestHosts.contents(root));
            }
        }
        // any other errno on a required IRQ fails the run
        Applier.Result r = applier(Faults.failingWhen((p, n) -> p.endsWith(IRQ), Errno.EACCES)).apply(plan);
        assertTrue(r.failed());
        assertEquals(ItemResult.Status.FAILED, r.items().get(0).status());
        assertEquals(original, TestHosts.contents(root));
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal")), "nothing left journaled");
        // the IRQ classes are for IRQs: EBUSY on a required governor fails the run and rolls back
        r = applier(Faults.failingWhen((p, n) -> p.endsWith(P4), Errno.EBUSY)).apply(plan);
        assertTrue(r.failed());
        assertEquals(ItemResult.Status.ROLLED_BACK, r.items().get(0).status());
        assertEquals(ItemResult.Status.FAILED, r.items().get(1).status());
        assertEquals(original, TestHosts.contents(root));
    }

    @Test
    void aShortWriteIsReportedAsOne() throws Exception {
        HostWriter shortOnIrq = new HostWriter() {
            private boolean once;

            @Override
            public void ensureAvailable() throws NativeUnavailableException {
                NATIVE.ensureAvailable();
            }

            @Override
            public int writeKernel(SysRoot root, String path, byte[] data) throws IOException, NativeUnavailableException {
                if (path.toString().endsWith(IRQ) && !once) {
                    once = true; // the first write to the IRQ is short, the roll-back's is not
                    return NATIVE.writeKernel(root, path, new byte[] {data[0]});
                }
                return NATIVE.writeKernel(root, path, data);
            }

            @Override
            public void replaceFile(SysRoot root, String path, byte[] data) throws IOException {
                NATIVE.replaceFile(root, path, data);
            }

            @Override
            public void deleteFile(SysRoot root, String path) throws IOException {
                NATIVE.deleteFile(root, path);
            }
        };
        Applier.Result r = applier(shortOnIrq).apply(plan(""));
        assertTrue(r.failed());
        assertEquals(ItemResult.Status.FAILED, r.items().get(0).status());
        assertEquals("short write to /" + IRQ + ": 1 of 2 bytes written", r.items().get(0).detail());
        assertEquals(original, TestHosts.contents(root), "the torn value was put back at once");
    }

    @Test
    void theNativeWriteReturnsTheCountAndWritesBytesAsGiven() throws Exception {
        Path f = tmp.resolve("attr");
        Files.writeString(f, "");
        byte[] v = {'s', 'c', 'h', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\n'};
        assertEquals(v.length, NativeLinux.writeKernelFile(f, v));
        assertArrayEquals(v, Files.readAllBytes(f));
    }

    // ---- item 3, the drop-in ---------------------------------------------------------------

    @Test
    void aLinkAtTheDropinsTempPathIsNotFollowed() throws Exception {
        Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(root.resolve("proc/4242/comm"), "irqbalance\n");
        Path unit = root.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance\n");
        Path dropin = root.resolve(HostSnapshot.IRQBALANCE_DROPIN.substring(1));
        Files.createDirectories(dropin.getParent());
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "precious\n");
        Files.createSymbolicLink(dropin.resolveSibling(dropin.getFileName() + ".tmp"), victim);
        Applier.Result r = plain().apply(plan(""));
        assertFalse(r.failed(), r.toString());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.readString(dropin).contains("--banmod=ax_pcie_dev_host"));
        assertFalse(Files.exists(dropin.resolveSibling(dropin.getFileName() + ".tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(plain().revert().failed());
        assertFalse(Files.exists(dropin));
    }

    // ---- item 6 --------------------------------------------------------------------------

    @Test
    void nonAsciiAndInvalidUtf8OriginalsAreRestoredByteForByte() throws Exception {
        byte[] utf8 = "schédutil\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = {'s', 'c', 'h', (byte) 0xe9, 'd', 'u', 't', 'i', 'l', '\n'};
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 0x01, '%', '0', 'A', '\n'};
        Files.write(root.resolve(P4), utf8);
        Files.write(root.resolve(P6), latin1);
        Files.write(root.resolve(P0), junk);
        TreeMap<String, String> before = TestHosts.contents(root);
        Applier.Result a = plain().apply(plan("little_governor = powersave\n"));
        assertFalse(a.failed(), a.toString());
        assertEquals("performance\n", Files.readString(root.resolve(P4)));
        assertTrue(Files.readString(new StateStore(sys).journalPath(), StandardCharsets.US_ASCII).contains("sch%C3%A9dutil"));
        Applier.Result r = plain().revert();
        assertFalse(r.failed(), r.toString());
        assertArrayEquals(utf8, Files.readAllBytes(root.resolve(P4)));
        assertArrayEquals(latin1, Files.readAllBytes(root.resolve(P6)));
        assertArrayEquals(junk, Files.readAllBytes(root.resolve(P0)));
        assertEquals(before, TestHosts.contents(root));
    }

    // ---- item 12 (the journal part): revert from a read-only journal directory -----------

    @Test
    void revertRestoresFromAReadOnlyJournalDirectoryAndSaysItCouldNotRemoveIt() throws Exception {
        for (boolean lockFile : new boolean[] {true, false}) {
            revertFromReadOnly(lockFile);
        }
    }

    private void revertFromReadOnly(boolean lockFile) throws Exception {
        assertFalse(plain().apply(plan("")).failed());
        if (!lockFile) {
            Files.delete(root.resolve("run/ax650n-tuning/lock"));
        }
        JournalFiles readOnly = new JournalFiles() {
            private IOException rofs(Path p) {
                return new FileSystemException(p.toString(), null, "Read-only file system");
            }

            @Override
            public Optional<BasicFileAttributes> attributes(Path p) throws IOException {
                return REAL.attributes(p);
            }

            @Override
            public byte[] read(Path p, int limit) throws IOException {
                return REAL.read(p, limit);
            }

            @Override
            public void createDirectories(Path dir) throws IOException {
                throw rofs(dir);
            }

            @Override
            public Output create(Path p) throws IOException {
                throw rofs(p);
            }

            @Override
            public void rename(Path from, Path to) throws IOException {
                throw rofs(from);
            }

            @Override
            public void syncDirectory(Path dir) throws IOException {
                REAL.syncDirectory(dir);
            }

            @Override
            public boolean delete(Path p) throws IOException {
                if (REAL.attributes(p).isPresent()) {
                    throw rofs(p);
                }
                return false;
            }

            @Override
            public FileChannel openLock(Path p, boolean write) throws IOException {
                if (write) {
                    throw rofs(p);
                }
                return REAL.openLock(p, false);
            }
        };
        Applier.Result r = new Applier(sys, new StateStore(sys, readOnly), SERVICES, QUIET).revert();
        assertEquals(original, TestHosts.contents(root), "restored although the journal cannot be removed");
        assertTrue(r.failed());
        assertEquals(1, r.errors().size(), r.toString());
        assertTrue(r.errors().get(0).endsWith("journal: the directory is read-only: the journal could not be updated "
                + "(what was restored stays listed; revert again finds it in place)"), r.errors().get(0));
        Applier.Result again = plain().revert();
        assertFalse(again.failed(), again.toString());
        assertTrue(again.items().stream().allMatch(i -> i.status() == ItemResult.Status.UNCHANGED), again.toString());
    }
}
