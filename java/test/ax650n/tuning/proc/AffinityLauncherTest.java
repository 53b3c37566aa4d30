package ax650n.tuning.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Real kernel: the child starts with the requested mask, for every JDK launch mechanism. */
class AffinityLauncherTest {

    @ParameterizedTest
    @ValueSource(strings = {"POSIX_SPAWN", "VFORK", "FORK"})
    void everyLaunchMechanismPassesTheMaskToTheChild(String mechanism) throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        ProcessBuilder pb = new ProcessBuilder(AffinityTesting.javaCommand(LaunchProbe.class.getName(),
                List.of("-Djdk.lang.Process.launchMechanism=" + mechanism), want.toList()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        CpuSet mine = NativeLinux.getAffinity(0);
        assertTrue(out.contains("Cpus_allowed_list:\t" + want.toList() + "\n"), out);
        assertTrue(out.contains("caller: unchanged " + mine.toList() + "\n"), out);
        assertTrue(out.contains("reported: " + want.toList() + "\n"), out);
    }

    @Test
    void everyThreadOfAMultiThreadedChildHasTheMask() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        CpuSet mine = NativeLinux.getAffinity(0);
        ProcessBuilder pb = new ProcessBuilder(AffinityTesting.javaCommand(ThreadedChild.class.getName(), List.of()));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        AffinityLauncher.Launched l = AffinityLauncher.start(pb, want);
        Process p = l.process();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", r.readLine());
            List<String> tasks = ThreadedChild.taskAffinities(p.pid());
            assertTrue(tasks.size() >= 5, "main + 4 workers at least: " + tasks);
            for (String t : tasks) {
                assertEquals(want.toList(), t.substring(t.indexOf(' ') + 1), "task " + t + " of " + tasks);
            }
            assertEquals(mine, NativeLinux.getAffinity(0), "the test thread's own mask is untouched");
        } finally {
            try (OutputStream in = p.getOutputStream()) {
                in.flush();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue());
    }

    @Test
    void aCommandThatCannotStartIsAnIOExceptionAndNoProcess() throws Exception {
        CpuSet want = AffinityTesting.narrowerSet();
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> AffinityLauncher.start(new ProcessBuilder("/nonexistent/ax-llm"), want));
        assertTrue(e.getMessage().contains("/nonexistent/ax-llm"), e.getMessage());
    }
}
