package ax650n.tuning.cli;

import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SnapshotArchive;
import ax650n.tuning.sys.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The host trees {@code ax650n-diagnose} reads besides a folder it is given: the bundled demo host
 * ({@code --demo}), installed as files by the package or else unpacked from the jar, and a
 * snapshot archive ({@code --sysroot FILE.tar.gz}). What is unpacked goes into a new temporary
 * directory, added to {@code temps} for the caller to delete.
 */
final class UnpackedTrees {
    /** The bundled CM3588 test host (a tar.gz of java/testdata/hosts/cm3588, made at build time). */
    static final String DEMO_RESOURCE = "/ax650n/tuning/demo/cm3588.tar.gz";
    /**
     * The system property that names the demo host installed as files (the package's launcher
     * sets it to /usr/share/ax650n-tuning/demo/cm3588, the entries of {@link #DEMO_RESOURCE}).
     */
    static final String DEMO_PROPERTY = "ax650n.tuning.demo";
    private static final int MAX_NOTES = 10;

    private UnpackedTrees() {
    }

    /**
     * The demo host: the installed tree {@code installed} when it names a directory (read in place,
     * nothing to unpack or delete), else, when it is null, empty or missing (the build tree, the
     * tests, a damaged install), the jar's copy unpacked into a temporary directory. Both hold
     * the same entries, so the report is the same.
     */
    static Path demo(String installed, List<Path> temps) throws IOException {
        if (installed != null && !installed.isEmpty()) {
            try {
                Path dir = Path.of(installed);
                if (Files.isDirectory(dir)) {
                    return dir;
                }
            } catch (InvalidPathException e) {
                // Not a path on this system: as if unset.
            }
        }
        return unpackDemo(temps);
    }

    /** The bundled demo host, unpacked from the jar into a temporary directory. */
    private static Path unpackDemo(List<Path> temps) throws IOException {
        try (InputStream in = UnpackedTrees.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new DiagnoseCommand.InputException("--demo: the bundled test host " + DEMO_RESOURCE
                        + " is missing from the class path (build with 'mvn package')");
            }
            Path dir = TempDirs.createDirectory(tempBase(), "ax650n-sysroot");
            temps.add(dir);
            SnapshotArchive.extract(in, "--demo " + DEMO_RESOURCE, dir);
            TempDirs.pausePoint("unpacked");
            return dir;
        }
    }

    /**
     * Where unpacked trees go: /dev/shm when it is a writable directory (a few hundred small files
     * unpack and delete in ~10 ms there, against ~0.5 s on a slow disk-backed /tmp), else the JVM's
     * temporary directory.
     */
    private static Path tempBase() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Unpacks a snapshot into a new temporary directory ({@link SnapshotArchive}: hostile input,
     * so only directories, files and links are created, never through a link); what was refused
     * is said on stderr, one line each (at most {@value #MAX_NOTES}).
     */
    static Path snapshot(Path archive, List<Path> temps, PrintStream err) throws IOException {
        Path dir = TempDirs.createDirectory(tempBase(), "ax650n-sysroot");
        temps.add(dir);
        SnapshotArchive.Result r;
        try {
            r = SnapshotArchive.extract(archive, dir);
        } catch (NoSuchFileException e) {
            throw new DiagnoseCommand.InputException("--sysroot " + archive + ": no such file");
        } catch (RegularFile.Refused | SnapshotArchive.FormatException e) {
            throw new DiagnoseCommand.InputException("--sysroot " + e.getMessage());
        }
        TempDirs.pausePoint("unpacked");
        List<String> notes = r.notes();
        for (int i = 0; i < notes.size() && i < MAX_NOTES; i++) {
            err.println(DiagnoseCommand.NAME + ": --sysroot " + archive + ": skipped " + notes.get(i));
        }
        if (notes.size() > MAX_NOTES) {
            err.println(DiagnoseCommand.NAME + ": --sysroot " + archive + ": skipped " + (notes.size() - MAX_NOTES) + " more entries");
        }
        return dir;
    }
}
