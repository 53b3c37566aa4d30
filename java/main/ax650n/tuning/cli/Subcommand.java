package ax650n.tuning.cli;

import java.io.PrintStream;

/** One {@code ax650n-tune} subcommand: owns its options, its usage line and its run. */
public interface Subcommand {
    String name();

    /** One line for the command overview. */
    String summary();

    /** Runs with the arguments after the subcommand name; returns the exit code. */
    int run(String[] args, PrintStream out, PrintStream err);
}
