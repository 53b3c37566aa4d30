package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.Captured;
import ax650n.tuning.proc.AffinityTesting;
import ax650n.tuning.proc.ThreadedChild;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ax650n-tune pin} on the real kernel of this machine. */
class PinCommandTest {
    /** Above any pid_max (2^22 = 4194304 is the kernel's limit), so never a live thread. */
    private static final int NO_SUCH_TID = 4194303;

    @TempDir
    Path tmp;

    private final Captured io = new Captured();
    private final PrintStream out = io.out;
    private final PrintStream err = io.err;

    /** Runs body with a multi-threaded child JVM started unpinned; the child is ended afterwards. */
    private void withChild(ChildBody body) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(AffinityTesting.javaCommand(ThreadedChild.class.getName(), List.of()));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", r.readLine());
            body.run(p);
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    interface ChildBody {
        void run(Process p) throws Exception;
    }

    @Test
    void everyThreadOfARunningProcessGetsTheMask() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        CpuSet all = NativeLinux.getAffinity(0);
        withChild(p -> {
            List<String> before = ThreadedChild.taskAffinities(p.pid());
            assertTrue(before.stream().allMatch(l -> l.endsWith(" " + all.toList())), before::toString);
            int rc = new PinCommand(SysRoot.live(), () -> all).run(
                    new String[] {"--pid", Long.toString(p.pid()), "--cpus", want.toList()}, out, err);
            assertEquals(0, rc, io::err);
            List<String> after = ThreadedChild.taskAffinities(p.pid());
            assertTrue(after.size() >= 5, after::toString);
            for (String l : after) {
                assertEquals(want.toList(), l.substring(l.indexOf(' ') + 1), "task " + l + " of " + after);
            }
            assertTrue(io.out().contains("pin: pid " + p.pid() + ": "), io::out);
            assertTrue(io.out().contains(" set to CPUs " + want.toList()), io::out);
        });
    }

    @Test
    void theDefaultSourceIsUsedWithoutCpus() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        withChild(p -> {
            int rc = new PinCommand(SysRoot.live(), () -> want).run(new String[] {"--pid", Long.toString(p.pid())}, out, err);
            assertEquals(0, rc, io::err);
            for (String l : ThreadedChild.taskAffinities(p.pid())) {
                assertEquals(want.toList(), l.substring(l.indexOf(' ') + 1));
            }
        });
    }

    @Test
    void aThreadThatVanishedIsReportedNotFatal() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        withChild(p -> {
            // a host tree listing the child's main thread and one thread that no longer exists
            int pid = (int) p.pid();
            Files.createDirectories(tmp.resolve("proc/" + pid + "/task/" + pid));
            Files.createDirectories(tmp.resolve("proc/" + pid + "/task/" + NO_SUCH_TID));
            int rc = new PinCommand(SysRoot.of(tmp), () -> want).run(new String[] {"--pid", Integer.toString(pid)}, out, err);
            assertEquals(0, rc, io::err);
            String o = io.out();
            assertTrue(o.contains("pin: pid " + pid + ": 1 thread set to CPUs " + want.toList()), o);
            assertTrue(o.contains("thread " + NO_SUCH_TID + " vanished (ESRCH)"), o);
            assertEquals(want, NativeLinux.getAffinity(pid));
        });
    }

    @Test
    void aProcessThatDoesNotExistFails() throws Exception {
        AffinityTesting.narrowerSet();
        int rc = new PinCommand(SysRoot.live(), () -> CpuSet.of(0)).run(
                new String[] {"--pid", Integer.toString(NO_SUCH_TID)}, out, err);
        assertEquals(1, rc);
        assertTrue(io.err().contains("no process " + NO_SUCH_TID), io::err);
    }

    @Test
    void usageErrors() {
        PinCommand c = new PinCommand(SysRoot.live(), () -> CpuSet.of(0));
        assertEquals(2, c.run(new String[] {}, out, err));
        assertTrue(io.err().contains("--pid is required"), io::err);
        assertEquals(2, c.run(new String[] {"--pid", "12a"}, out, err));
        assertTrue(io.err().contains("not a process id: '12a'"), io::err);
        assertEquals(2, c.run(new String[] {"--pid", "-3"}, out, err));
        assertEquals(2, c.run(new String[] {"--pid", "1", "--cpus", "0-"}, out, err));
        assertTrue(io.err().contains("token '0-'"), io::err);
        assertEquals(2, c.run(new String[] {"--pid", "1", "extra"}, out, err));
        assertEquals(0, c.run(new String[] {"--help"}, out, err));
        assertTrue(io.out().contains("usage: " + PinCommand.USAGE), io::out);
    }

    /** Issue 14 item 12: pin and run share the check, the message and the exit code. */
    @Test
    void anOfflineCpuGetsTheSameMessageAndExitCodeAsRun() throws Exception {
        AffinityTesting.narrowerSet();
        withChild(p -> {
            int rc = new PinCommand(SysRoot.live(), () -> CpuSet.of(0)).run(
                    new String[] {"--pid", Long.toString(p.pid()), "--cpus", "4000"}, out, err);
            assertEquals(2, rc, io::err);
        });
        String pinErr = io.err();
        ByteArrayOutputStream runErr = new ByteArrayOutputStream();
        int rc = new RunCommand(() -> CpuSet.of(0), SysRoot.live(), new RunCommand.Streams(
                ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.DISCARD)).run(new String[] {"--cpus", "4000", "--", "true"},
                out, new PrintStream(runErr, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        String msg = "none of CPUs 4000 is online and allowed for this process";
        assertTrue(pinErr.contains("pin: " + msg), pinErr);
        assertTrue(runErr.toString(StandardCharsets.UTF_8).contains("run: " + msg), runErr::toString);
    }

    /** Issue 14 item 12: the report names the CPUs the kernel took, not the ones asked for. */
    @Test
    void theCpusReportedAreTheOnesSet() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        int cpu = want.first();
        withChild(p -> {
            int rc = new PinCommand(SysRoot.live(), () -> CpuSet.of(0)).run(
                    new String[] {"--pid", Long.toString(p.pid()), "--cpus", cpu + ",4000"}, out, err);
            assertEquals(0, rc, io::err);
        });
        String o = io.out();
        assertTrue(o.contains("set to CPUs " + cpu + "\n"), o);
        assertTrue(io.err().contains("CPUs 4000 are offline or not allowed"), io::err);
    }
}
