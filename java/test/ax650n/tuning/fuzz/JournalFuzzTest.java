package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.StateStore;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal {@code /run/ax650n-tuning/journal} as revert, verify and status read it (through
 * StateStore's public API, in a folder-tree root): it reads, or fails with JournalException
 * (one line naming the journal line).
 */
class JournalFuzzTest {
    private static final Path TREE;

    static {
        try {
            TREE = Files.createTempDirectory("ax650n-fuzz-journal");
            Files.createDirectories(TREE.resolve("run/ax650n-tuning"));
            TREE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2s")
    void journal(byte[] data) throws IOException {
        Path journal = TREE.resolve("run/ax650n-tuning/journal");
        Files.write(journal, data);
        try {
            StateStore store = new StateStore(SysRoot.of(TREE));
            for (StateStore.Entry e : store.entries()) {
                assertFalse(e.target().contains("\n"), "target with a line end");
            }
            store.journalBootId();
            store.isStale();
        } catch (JournalException e) {
            FuzzContract.oneLine(e, data);
        } finally {
            Files.deleteIfExists(journal);
        }
    }
}
