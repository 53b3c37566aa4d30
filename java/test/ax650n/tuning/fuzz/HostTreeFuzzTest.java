package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.diag.Report;
import ax650n.tuning.diag.TextReport;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Json;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Host data that a snapshot (a stranger's bug report) or a broken kernel can hold: the CM3588
 * test host with one file's content replaced (a cpu_capacity of -1 or 2^63, a CPU list that does
 * not parse, ESC sequences in a driver name...) or one entry added ({@code cpuidle/state99999999999}),
 * read as {@code ax650n-diagnose --sysroot} and {@code ax650n-tune apply --sysroot --dry-run}
 * read it: snapshot, plan, diagnosis, text and JSON report. Only a one-line HostReadException /
 * IOException (host data) or PlanException (nothing to plan) may come out, and the text report
 * holds no control character.
 */
class HostTreeFuzzTest {
    private static final Path TREE;
    private static final List<String> FILES = new ArrayList<>();
    private static final List<String> DIRS = new ArrayList<>();

    static {
        try {
            TREE = Files.createTempDirectory("ax650n-fuzz-host");
            TestHosts.copy("cm3588", TREE);
            try (Stream<Path> s = Files.walk(TREE)) {
                s.sorted().forEach(p -> {
                    String rel = TREE.relativize(p).toString();
                    if (Files.isSymbolicLink(p) || rel.isEmpty()) {
                        return;
                    }
                    if (Files.isRegularFile(p)) {
                        FILES.add(rel);
                    } else if (Files.isDirectory(p)) {
                        DIRS.add(rel);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2s")
    void hostData(FuzzedDataProvider data) throws IOException {
        boolean add = data.consumeBoolean();
        Path changed;
        byte[] saved = null;
        String input;
        if (add) {
            String dir = DIRS.get(data.consumeInt(0, DIRS.size() - 1));
            String name = data.consumeString(40).replace('/', '_').replace("\0", "");
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return;
            }
            changed = TREE.resolve(dir).resolve(name);
            if (Files.exists(changed, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.createDirectories(changed);
            byte[] content = data.consumeRemainingAsBytes();
            input = name + " " + new String(content, StandardCharsets.ISO_8859_1);
            Files.write(changed.resolve(data.consumeBoolean() ? "name" : "latency"), content);
        } else {
            String file = FILES.get(data.consumeInt(0, FILES.size() - 1));
            changed = TREE.resolve(file);
            saved = Files.readAllBytes(changed);
            byte[] content = data.consumeRemainingAsBytes();
            input = new String(content, StandardCharsets.ISO_8859_1);
            Files.write(changed, content);
        }
        try {
            readPlanDiagnose(input);
        } finally {
            if (saved != null) {
                Files.write(changed, saved);
            } else {
                try (Stream<Path> s = Files.walk(changed)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void readPlanDiagnose(String input) {
        HostSnapshot host;
        try {
            host = HostSnapshot.read(SysRoot.of(TREE), HostScope.EVERYTHING);
        } catch (IOException e) {
            FuzzContract.oneLine(e, input);
            return;
        }
        try {
            Planner.plan(host, Config.defaults(), Optional.empty());
        } catch (PlanException e) {
            FuzzContract.oneLine(e, input);
        }
        Report r = Diagnoser.diagnose(host, Config.defaults(), List.of(), Report.Source.sysroot("fuzz"));
        String text = TextReport.render(r, false);
        FuzzContract.printable("text report", text);
        assertTrue(new String(Json.write(r.toJson()).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .indexOf('\u001b') < 0, "raw ESC in the JSON");
    }
}
