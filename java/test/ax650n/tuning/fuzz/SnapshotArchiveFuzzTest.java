package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.cli.DiagnoseCommand;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A {@code --snapshot} archive as {@code ax650n-diagnose --sysroot FILE.tar.gz} replays it: the
 * fuzzer writes the tar (the harness gzips it, so that mutations reach tar and the snapshot
 * reader rather than the gzip checksum), the command unpacks it and reports. It exits 0-3 with
 * one-line messages on stderr (at most 15), and the report holds no control character.
 */
class SnapshotArchiveFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("ax650n-fuzz-archive");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2s")
    void archive(byte[] tar) throws IOException {
        Path file = DIR.resolve("host.tar.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(tar);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new DiagnoseCommand(Map.of(), false).run(new String[] {"--sysroot", file.toString()}, o, e);
        } finally {
            Files.deleteIfExists(file);
        }
        assertTrue(code >= 0 && code <= 3, "exit " + code);
        String errText = err.toString(StandardCharsets.UTF_8);
        String[] lines = errText.split("\n");
        // the unpacker may name up to ten refused entries, one line each, and a closing count
        assertTrue(lines.length <= 15, "stderr: " + errText);
        for (String l : lines) {
            if (!l.isEmpty()) {
                // a file of the archive may be echoed (escaped, cut): words it held are not leaks
                FuzzContract.oneLine("stderr", l, new String(tar, StandardCharsets.ISO_8859_1));
            }
        }
        FuzzContract.printable("report", out.toString(StandardCharsets.UTF_8));
    }
}
