package ax650n.tuning.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code ax650n-tune SUBCOMMAND …}: dispatches to one class per subcommand. Only the subcommand
 * named is made (each one's class, options and their classes load at a command's start);
 * {@code --help} makes them all for the overview.
 */
public final class TuneCommand {
    /** The subcommands' words, in the overview's order; {@link #make} knows each. */
    private static final String[] NAMES = {"apply", "revert", "status", "verify", "run", "pin", "bench", "autotune"};

    /**
     * The subcommand of a word, or null when there is none. Register a new subcommand here and
     * in {@link #NAMES}.
     */
    static Command make(String name) {
        switch (name) {
            case "apply":
                return new ApplyCommand();
            case "revert":
                return new RevertCommand();
            case "status":
                return new StatusCommand();
            case "verify":
                return new VerifyCommand();
            case "run":
                return new RunCommand();
            case "pin":
                return new PinCommand();
            case "bench":
                return new BenchCommand();
            case "autotune":
                return new AutotuneCommand();
            default:
                return null;
        }
    }

    /** The words of the overview, in its order (a copy). */
    static String[] names() {
        return NAMES.clone();
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("ax650n-tune: missing subcommand (try --help)");
            return ExitCode.USAGE.code();
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println("usage: ax650n-tune SUBCOMMAND [OPTIONS]");
            out.println();
            for (String name : NAMES) {
                Command s = make(name);
                out.printf("  %-8s %s%n", s.name(), s.summary());
            }
            out.println();
            out.println("Each subcommand takes --help. Exit codes: 0 ok, 1 failed or drift, 2 usage or");
            out.println("configuration error, 3 environment problem (not root, no native library, no card).");
            return ExitCode.OK.code();
        }
        Command s = make(args[0]);
        if (s != null) {
            return s.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        err.println("ax650n-tune: unknown subcommand '" + ax650n.tuning.sys.Printable.escape(args[0]) + "' (try --help)");
        return ExitCode.USAGE.code();
    }
}
