package ax650n.tuning.cli;

import ax650n.tuning.host.HostReadException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.PlanException;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * A {@link Command} that acts on the tuning through the tuner: apply, revert, status, verify.
 * It adds the common options ({@link TuneContext#addCommon}), hands {@link #execute(CommandLine,
 * TuneContext, PrintStream, PrintStream)} the resolved {@link TuneContext}, and maps the
 * tuner's failures to exit codes ({@link #tuneFailure}). The context is resolved before
 * {@code execute} runs, so a bad {@code --sysroot} or configuration is reported first; a
 * subcommand that takes a command to start overrides {@link #takesCommand()} as usual.
 */
abstract class TuneSubcommand extends Command {
    /** With the usage line {@code ax650n-tune NAME [--sysroot DIR] [--config FILE] [--json]}. */
    TuneSubcommand(String name, String summary) {
        this(name, summary, "ax650n-tune " + name + " [--sysroot DIR] [--config FILE] [--json]");
    }

    TuneSubcommand(String name, String summary, String usage) {
        super(name, summary, usage);
    }

    /** The subcommand's own options (the common ones are added); none by default. */
    protected Options ownOptions() {
        return new Options();
    }

    @Override
    protected final Options options() {
        return TuneContext.addCommon(ownOptions());
    }

    @Override
    protected final int execute(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        return execute(cl, TuneContext.of(cl), out, err);
    }

    protected abstract int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err) throws Exception;

    @Override
    protected int failed(Exception e, CommandLine cl, PrintStream err) {
        int code = tuneFailure(errorPrefix(), e, cl, err);
        return code >= 0 ? code : super.failed(e, cl, err);
    }

    /**
     * The tuner's failures as one line and an exit code: a plan that cannot be made (2, or 3 for
     * the environment), no native library (3), an unreadable host (2 for a {@code --sysroot}
     * tree, 3 for this host), a journal that cannot be used (2 when it is not a file, else 1).
     * Returns -1, printing nothing, for any other exception (other I/O: {@link Command#failed}, exit 1).
     */
    static int tuneFailure(String prefix, Exception e, CommandLine cl, PrintStream err) {
        if (e instanceof PlanException) {
            err.println(prefix + ": " + e.getMessage());
            return (((PlanException) e).environment() ? ExitCode.ENVIRONMENT : ExitCode.USAGE).code();
        }
        if (e instanceof NativeUnavailableException) {
            err.println(prefix + ": " + e.getMessage());
            return ExitCode.ENVIRONMENT.code();
        }
        if (e instanceof HostReadException) {
            err.println(prefix + ": cannot read the host: " + Printable.escape(e.getMessage()));
            return (cl.hasOption("sysroot") ? ExitCode.USAGE : ExitCode.ENVIRONMENT).code();
        }
        if (e instanceof JournalException) {
            err.println(prefix + ": " + e.getMessage());
            return (((JournalException) e).notAFile() ? ExitCode.USAGE : ExitCode.FAILED).code();
        }
        return -1;
    }
}
