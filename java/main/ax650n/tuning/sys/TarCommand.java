package ax650n.tuning.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Packs a captured tree with the system {@code tar}, the way {@link SnapshotArchive} unpacks it. */
final class TarCommand {
    private TarCommand() {
    }

    /** Runs {@code tar -C dir --sort=name --owner=0 --group=0 --numeric-owner -czf out .}. */
    static void pack(Path dir, Path outTarGz) throws IOException {
        Path parent = outTarGz.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProcessBuilder pb = new ProcessBuilder("tar", "-C", dir.toString(), "--sort=name", "--owner=0", "--group=0",
                "--numeric-owner", "-czf", outTarGz.toString(), ".");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run tar to write " + outTarGz + ": " + e.getMessage(), e);
        }
        String output;
        try (InputStream in = proc.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (!proc.waitFor(5, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new IOException("tar did not finish writing " + outTarGz);
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while tar wrote " + outTarGz, e);
        }
        if (proc.exitValue() != 0) {
            throw new IOException("tar failed (exit " + proc.exitValue() + ") writing " + outTarGz
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }
}
