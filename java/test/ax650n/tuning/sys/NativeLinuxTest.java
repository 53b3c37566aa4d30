package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam: errno mapping without the library, then the real syscalls on this machine. */
class NativeLinuxTest {
    @Test
    void errnoBecomesANamedExceptionWithoutTheLibrary() {
        NativeException e = NativeLinux.failure(-(NativeLinux.STAGE_WRITE << 16 | Errno.EIO), null,
                "/proc/irq/42/smp_affinity_list");
        assertEquals(5, e.errno());
        assertEquals("EIO", e.errnoName());
        assertEquals("write", e.syscall());
        assertEquals("/proc/irq/42/smp_affinity_list", e.target());
        assertEquals("write /proc/irq/42/smp_affinity_list: EIO", e.getMessage());
        assertEquals("close", NativeLinux.failure(-(NativeLinux.STAGE_CLOSE << 16 | Errno.EINVAL), null, "x").syscall());
        assertEquals("EINVAL", NativeLinux.failure(-(NativeLinux.STAGE_CLOSE << 16 | Errno.EINVAL), null, "x").errnoName());
        assertEquals("open", NativeLinux.failure(-(NativeLinux.STAGE_OPEN << 16 | Errno.ENOENT), null, "x").syscall());
        assertEquals("ENOENT", NativeLinux.failure(-(NativeLinux.STAGE_OPEN << 16 | Errno.ENOENT), null, "x").errnoName());
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EACCES", Errno.name(13));
        assertEquals("errno 4000", Errno.name(4000));
        assertEquals("sched_setaffinity", NativeLinux.failure(-(NativeLinux.STAGE_SCHED << 16 | Errno.ESRCH),
                "sched_setaffinity", "pid 9").syscall());
    }

    @Test
    void libraryLoadsInTheBuildTree() {
        assertTrue(NativeLinux.isAvailable(), () -> "native library not loaded: "
                + NativeLinux.unavailabilityCause().map(Throwable::toString).orElse("?"));
    }

    @Test
    void threadAffinityIsSetAndRestored() throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        CpuSet original = NativeLinux.getAffinity(0);
        assertFalse(original.isEmpty());
        assumeTrue(original.size() >= 1);
        int tid = NativeLinux.gettid();
        try {
            CpuSet one = CpuSet.of(original.last());
            NativeLinux.setAffinity(0, one);
            assertEquals(one, NativeLinux.getAffinity(0));
            // the kernel agrees, seen from outside the seam
            String status = Files.readString(Path.of("/proc/self/task/" + tid + "/status"));
            String line = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
            assertEquals(one.toList(), line.substring(line.indexOf(':') + 1).trim());
        } finally {
            NativeLinux.setAffinity(0, original);
        }
        assertEquals(original, NativeLinux.getAffinity(0));
    }

    @Test
    void affinityErrorsCarryErrno() {
        assumeTrue(NativeLinux.isAvailable());
        NativeException e = assertThrows(NativeException.class, () -> NativeLinux.getAffinity(Integer.MAX_VALUE));
        assertEquals("ESRCH", e.errnoName());
        assertEquals("sched_getaffinity", e.syscall());
        e = assertThrows(NativeException.class, () -> NativeLinux.setAffinity(0, CpuSet.of(60000)));
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void killSendsToOneProcessAndNamesErrors() throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        NativeLinux.kill(ProcessHandle.current().pid(), 0); // signal 0: exists and may be signalled
        // above the kernel's PID_MAX_LIMIT (2^22): no such process can exist
        NativeException e = assertThrows(NativeException.class, () -> NativeLinux.kill(Integer.MAX_VALUE, 0));
        assertEquals("ESRCH", e.errnoName());
        assertEquals("kill", e.syscall());
        assertEquals("pid " + Integer.MAX_VALUE, e.target());
        assertEquals("kill pid " + Integer.MAX_VALUE + ": ESRCH", e.getMessage());
        // process groups and "every process" are never addressed
        for (long pid : new long[] {0, -1, -ProcessHandle.current().pid()}) {
            e = assertThrows(NativeException.class, () -> NativeLinux.kill(pid, 0));
            assertEquals("EINVAL", e.errnoName(), "pid " + pid);
        }
        NativeException stageOnly = NativeLinux.failure(-(NativeLinux.STAGE_KILL << 16 | Errno.EPERM), null, "pid 1");
        assertEquals("kill", stageOnly.syscall());
    }

    @Test
    void killDeliversARealSignal() throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            NativeLinux.kill(sleeper.pid(), 1); // SIGHUP
            assertTrue(sleeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(128 + 1, sleeper.exitValue()); // the JDK reports death by signal N as 128 + N
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void preadReadsARealConfigSpace() throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        List<Path> configs;
        try (Stream<Path> s = Files.list(Path.of("/sys/bus/pci/devices"))) {
            configs = s.map(p -> p.resolve("config")).filter(Files::isReadable).sorted().toList();
        }
        assumeTrue(!configs.isEmpty(), "no PCI devices here");
        Path cfg = configs.get(0);
        byte[] buf = new byte[4096];
        int n = NativeLinux.pread(cfg, 0, buf, 0, buf.length);
        assertTrue(n == 64 || n == 256 || n == 4096, "config size " + n);
        String vendor = Files.readString(cfg.getParent().resolve("vendor")).trim();
        assertEquals(Integer.parseInt(vendor.substring(2), 16), (buf[0] & 0xff) | (buf[1] & 0xff) << 8);
        // a window at an offset gives the same bytes
        byte[] win = new byte[8];
        assertEquals(8, NativeLinux.pread(cfg, 8, win, 0, 8));
        for (int i = 0; i < 8; i++) {
            assertEquals(buf[8 + i], win[i]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> NativeLinux.pread(cfg, 0, buf, 4000, 200));
        NativeException e = assertThrows(NativeException.class,
                () -> NativeLinux.pread(Path.of("/sys/bus/pci/devices/none/config"), 0, buf, 0, 64));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open", e.syscall());
    }

    @Test
    void writeReportsErrnoOfTheKernel(@TempDir Path tmp) throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        Path f = tmp.resolve("value");
        Files.writeString(f, "old old old\n");
        NativeLinux.writeKernelFile(f, "4\n");
        assertEquals("4\n", Files.readString(f));
        NativeException e = assertThrows(NativeException.class,
                () -> NativeLinux.writeKernelFile(tmp.resolve("missing/x"), "1"));
        assertEquals("ENOENT", e.errnoName());
        // a read-only procfs file refuses the write
        assumeTrue(isRoot());
        e = assertThrows(NativeException.class, () -> NativeLinux.writeKernelFile(Path.of("/proc/version"), "x"));
        assertTrue(List.of("EACCES", "EIO", "EPERM").contains(e.errnoName()), e.getMessage());
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
