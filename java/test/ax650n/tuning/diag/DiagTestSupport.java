package ax650n.tuning.diag;

import ax650n.tuning.cli.DiagnoseCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the command in-process and copies test hosts; shared by the diagnose tests. */
public final class DiagTestSupport {
    private DiagTestSupport() {
    }

    public record Run(int code, String out, String err) {
    }

    public static Path basedir() {
        return Path.of(System.getProperty("ax650n.tuning.basedir", "."));
    }

    public static Path host(String name) {
        return basedir().resolve("java/testdata/hosts").resolve(name);
    }

    /** Relative to the project root (surefire's working directory), as a user would type it. */
    public static String hostArg(String name) {
        return "java/testdata/hosts/" + name;
    }

    public static Run run(String... args) {
        return run(Map.of(), false, args);
    }

    public static Run run(Map<String, String> env, boolean tty, String... args) {
        return run(new DiagnoseCommand(env, tty), args);
    }

    /** Runs {@code command} (made with whatever constructor a test needs) with {@code args}. */
    public static Run run(DiagnoseCommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = command.run(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Copies a folder tree, recreating symbolic links as links (targets unchanged). */
    public static void copyTree(Path src, Path dst) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(src)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path t = dst.resolve(src.relativize(p).toString());
            if (Files.isSymbolicLink(p)) {
                Files.createDirectories(t.getParent());
                Files.createSymbolicLink(t, Files.readSymbolicLink(p));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(t);
            } else {
                Files.createDirectories(t.getParent());
                Files.copy(p, t);
            }
        }
    }
}
