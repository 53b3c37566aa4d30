package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.Captured;
import ax650n.tuning.proc.AffinityTesting;
import ax650n.tuning.proc.ThreadedChild;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** {@code ax650n-tune run} on the real kernel of this machine. */
class RunCommandTest {
    @TempDir
    Path tmp;

    private final Captured io = new Captured();
    private final PrintStream out = io.out;
    private final PrintStream err = io.err;

    private RunCommand command(CpuSet defaults) {
        return new RunCommand(() -> defaults, SysRoot.live(),
                new RunCommand.Streams(Redirect.PIPE, Redirect.DISCARD, Redirect.appendTo(tmp.resolve("child-stderr").toFile())));
    }

    private int run(RunCommand c, String... args) {
        return c.run(args, out, err);
    }

    private String cpusAllowed(Path statusCopy) throws Exception {
        for (String l : Files.readAllLines(statusCopy)) {
            if (l.startsWith("Cpus_allowed_list:")) {
                return l.substring(l.indexOf(':') + 1).strip();
            }
        }
        throw new AssertionError("no Cpus_allowed_list in " + statusCopy);
    }

    @Test
    void cpusOptionSetsTheChildsMaskAndItsExitCodeIsReturned() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        Path status = tmp.resolve("status");
        int rc = run(command(NativeLinux.getAffinity(0)), "--cpus", want.toList(), "--",
                "/bin/bash", "-c", "cat /proc/$$/status > \"$1\"; exit 7", "bash", status.toString());
        assertEquals(7, rc, io::err);
        assertEquals(want.toList(), cpusAllowed(status));
    }

    @Test
    void withoutCpusTheDefaultSourceIsUsed() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        Path status = tmp.resolve("status");
        int rc = run(command(want), "/bin/bash", "-c", "cat /proc/$$/status > \"$1\"", "bash", status.toString());
        assertEquals(0, rc, io::err);
        assertEquals(want.toList(), cpusAllowed(status));
    }

    @Test
    void theDefaultIsTheHostsBigClusterEvenFromANarrowerCaller() throws Exception {
        CpuSet narrow = AffinityTesting.narrowerSet();
        CpuSet big = ax650n.tuning.bench.TunerControl.bigCpus(SysRoot.live());
        org.junit.jupiter.api.Assumptions.assumeFalse(big.equals(narrow), "big cluster is the narrow set itself");
        Path status = tmp.resolve("status");
        CompletableFuture<Integer> rc = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                NativeLinux.setAffinity(0, narrow); // this thread only; the child must not inherit it
                rc.complete(new RunCommand(new RunCommand.Streams(Redirect.PIPE, Redirect.DISCARD, Redirect.DISCARD))
                        .run(new String[] {"--", "/bin/bash", "-c", "cat /proc/$$/status > \"$1\"", "bash",
                            status.toString()}, out, err));
            } catch (Throwable e) {
                rc.completeExceptionally(e);
            }
        });
        t.start();
        assertEquals(0, rc.get(30, TimeUnit.SECONDS), io::err);
        assertEquals(big.toList(), cpusAllowed(status));
    }

    @Test
    void everyThreadOfAMultiThreadedChildHasTheRequestedList() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        Path tasks = tmp.resolve("tasks");
        List<String> cmd = new ArrayList<>(List.of("--cpus", want.toList(), "--"));
        cmd.addAll(AffinityTesting.javaCommand(ThreadedChild.class.getName(), List.of(), tasks.toString(), "5"));
        int rc = run(command(NativeLinux.getAffinity(0)), cmd.toArray(String[]::new));
        assertEquals(5, rc, io::err);
        List<String> lines = Files.readAllLines(tasks);
        assertTrue(lines.size() >= 5, "main + 4 workers at least: " + lines);
        for (String l : lines) {
            assertEquals(want.toList(), l.substring(l.indexOf(' ') + 1), "task " + l + " of " + lines);
        }
    }

    @Test
    void sigtermAndSigintToTheLauncherAreRelayedToTheChild() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        for (String sig : List.of("TERM", "INT")) {
            // raising a signal this JVM does not let us handle would end the test JVM: check first
            try {
                Signal.handle(new Signal(sig), Signal.handle(new Signal(sig), s -> { }));
            } catch (IllegalArgumentException e) {
                org.junit.jupiter.api.Assumptions.abort("SIG" + sig + " cannot be handled in this JVM: " + e.getMessage());
            }
            Path ready = tmp.resolve("ready-" + sig);
            Path got = tmp.resolve("got-" + sig);
            String script = "trap 'echo " + sig + " > \"$2\"; kill $s 2>/dev/null; exit 42' " + sig
                    + "; sleep 60 & s=$!; echo up > \"$1\"; wait $s";
            RunCommand c = command(want);
            CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> run(c, "--cpus", want.toList(), "--",
                    "/bin/bash", "-c", script, "bash", ready.toString(), got.toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(ready) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(ready), "child did not start: " + io.err());
            // the launcher's handlers are installed before the child starts, so this reaches the relay
            Signal.raise(new Signal(sig));
            assertEquals(42, rc.get(20, TimeUnit.SECONDS), io::err);
            assertEquals(sig, Files.readString(got).strip());
        }
    }

    @Test
    void foregroundIsReadFromProcStat() {
        // pid (comm) state ppid pgrp session tty_nr tpgid ...
        assertTrue(ax650n.tuning.proc.SignalForwarderAccess.foreground("812 (java) S 700 812 700 34817 812 4194560 1"));
        assertTrue(!ax650n.tuning.proc.SignalForwarderAccess.foreground("812 (ja va) (x) S 700 812 700 34817 700 0"));
        assertTrue(!ax650n.tuning.proc.SignalForwarderAccess.foreground("812 (java) S 700 812 700 0 -1 0"));
        assertTrue(!ax650n.tuning.proc.SignalForwarderAccess.foreground("garbage"));
    }

    @Test
    void usageErrors() throws Exception {
        RunCommand c = command(CpuSet.of(0));
        assertEquals(2, run(c));
        assertTrue(io.err().contains("run: no command given"), io::err);
        io.resetErr();
        assertEquals(2, run(c, "--cpus", "1-x", "--", "true"));
        assertTrue(io.err().contains("token '1-x'"), io::err);
        io.resetErr();
        assertEquals(2, run(c, "--bogus", "--", "true"));
        assertTrue(io.err().contains("try --help"), io::err);
        assertEquals(0, run(c, "--help"));
        assertTrue(io.out().contains("usage: " + RunCommand.USAGE), io::out);
    }

    @Test
    void aCpuThatDoesNotExistIsAUsageErrorAndAMissingCommandFails() throws Exception {
        AffinityTesting.narrowerSet();
        assertEquals(2, run(command(CpuSet.of(0)), "--cpus", "4000", "--", "true"));
        assertTrue(io.err().contains("none of CPUs 4000"), io::err);
        assertEquals(1, run(command(CpuSet.of(0)), "--", "/nonexistent/ax-llm"));
        assertTrue(io.err().contains("cannot start /nonexistent/ax-llm"), io::err);
    }
}
