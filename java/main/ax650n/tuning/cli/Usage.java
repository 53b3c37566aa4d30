package ax650n.tuning.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;

/** The help text and the usage-error lines that run, pin and bench print alike. */
final class Usage {
    private Usage() {
    }

    /** {@code NAME: message} and {@code usage: USAGE (try --help)} on stderr; returns exit code 2. */
    static int error(PrintStream err, String name, String usage, String message) {
        err.println(name + ": " + message);
        err.println("usage: " + usage + " (try --help)");
        return ExitCode.USAGE.code();
    }

    /** commons-cli help on stdout. */
    static void help(PrintStream out, int width, String usage, String header, Options options) {
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printHelp(w, width, usage, header, options, 2, 2, "");
        w.flush();
    }
}
