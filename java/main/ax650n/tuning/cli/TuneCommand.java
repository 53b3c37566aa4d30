package ax650n.tuning.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code ax650n-tune SUBCOMMAND …}: dispatches to one class per subcommand. */
public final class TuneCommand {
    private final List<Command> subcommands;

    public TuneCommand() {
        this(List.of(new ApplyCommand(), new RevertCommand(), new StatusCommand(), new VerifyCommand(),
                new RunCommand(), new PinCommand(), new BenchCommand(), new AutotuneCommand()));
    }

    public TuneCommand(List<Command> subcommands) {
        this.subcommands = List.copyOf(subcommands);
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("ax650n-tune: missing subcommand (try --help)");
            return ExitCode.USAGE.code();
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println("usage: ax650n-tune SUBCOMMAND [OPTIONS]");
            out.println();
            for (Command s : subcommands) {
                out.printf("  %-8s %s%n", s.name(), s.summary());
            }
            out.println();
            out.println("Each subcommand takes --help. Exit codes: 0 ok, 1 failed or drift, 2 usage or");
            out.println("configuration error, 3 environment problem (not root, no native library, no card).");
            return ExitCode.OK.code();
        }
        for (Command s : subcommands) {
            if (s.name().equals(args[0])) {
                return s.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
        }
        err.println("ax650n-tune: unknown subcommand '" + ax650n.tuning.sys.Printable.escape(args[0]) + "' (try --help)");
        return ExitCode.USAGE.code();
    }
}
