package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.sys.SysRoot;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a snapshot records (and --snapshot captures) of /proc: only the processes it reports on. */
class RecordedPathsTest {
    @Test
    void noOtherProcessIsRecorded() throws Exception {
        SysRoot rec = SysRoot.live().recording();
        HostSnapshot s = HostSnapshot.read(rec, HostScope.EVERYTHING);
        Set<String> reported = s.processes().stream().map(p -> Integer.toString(p.pid())).collect(Collectors.toSet());
        for (String p : rec.recordedPaths()) {
            if (p.matches("/proc/\\d+.*")) {
                String pid = p.split("/")[2];
                assertTrue(reported.contains(pid), "recorded a process the report does not name: " + p);
                assertTrue(p.endsWith("/comm") || p.endsWith("/stat"), "only comm and stat: " + p);
            }
            assertTrue(!p.equals("/proc/"), "the /proc listing itself is not recorded");
            assertTrue(!p.contains("cmdline") && !p.contains("environ"), p);
        }
    }

    /**
     * The same in a diagnose-like scope where every device of this machine is a card (so its
     * IRQ threads are looked for among kthreadd's children): nothing of any other process, and
     * not kthreadd's list of children either.
     */
    @Test
    void noOtherProcessIsRecordedInAScopeEither() throws Exception {
        HostScope scope = HostScope.NO_CARD.withIrqbalance(HostScope.Irqbalance.NEEDED).withIrqThreads(true);
        for (HostSnapshot.PciId id : HostSnapshot.read(SysRoot.live(), HostScope.NO_CARD).pciIds()) {
            scope = scope.withCard(id.vendor(), id.device());
        }
        SysRoot rec = SysRoot.live().recording();
        HostSnapshot s = HostSnapshot.read(rec, scope);
        Set<String> reported = new java.util.HashSet<>();
        for (ProcessInfo p : s.processes()) {
            reported.add(Integer.toString(p.pid()));
        }
        for (String p : rec.recordedPaths()) {
            if (p.startsWith("/proc/") && p.length() > 6 && Character.isDigit(p.charAt(6))) {
                String pid = p.split("/")[2];
                assertTrue(reported.contains(pid), "recorded a process the report does not name: " + p);
                assertTrue(p.endsWith("/comm") || p.endsWith("/stat"), "only comm and stat: " + p);
            }
            assertTrue(!p.equals("/proc/"), "the /proc listing itself is not recorded");
        }
    }
}
