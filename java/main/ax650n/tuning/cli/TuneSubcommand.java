package ax650n.tuning.cli;

import ax650n.tuning.host.HostReadException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.PlanException;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Parsing, help and error-to-exit-code handling shared by apply, revert, status and verify. */
abstract class TuneSubcommand implements Subcommand {
    /** The subcommand's own options (the common ones are added). */
    protected abstract Options options();

    /** e.g. {@code ax650n-tune apply [--dry-run] [--device BDF] [common options]}. */
    protected abstract String usage();

    protected abstract int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws UsageException, PlanException, IOException, JournalException, NativeUnavailableException;

    @Override
    public final int run(String[] args, PrintStream out, PrintStream err) {
        Options o = TuneContext.addCommon(options());
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(o, args);
            CommandLines.check(cl);
        } catch (ParseException e) {
            return usageError(err, e.getMessage());
        }
        if (cl.hasOption("help")) {
            Usage.help(out, 100, usage(), summary(), o);
            return ExitCode.OK.code();
        }
        if (!cl.getArgList().isEmpty()) {
            return usageError(err, "unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        TuneContext ctx;
        try {
            ctx = TuneContext.of(cl);
            return execute(cl, ctx, out, err);
        } catch (UsageException e) {
            err.println("ax650n-tune " + name() + ": " + e.getMessage());
            return e.code().code();
        } catch (PlanException e) {
            err.println("ax650n-tune " + name() + ": " + e.getMessage());
            return (e.environment() ? ExitCode.ENVIRONMENT : ExitCode.USAGE).code();
        } catch (NativeUnavailableException e) {
            err.println("ax650n-tune " + name() + ": " + e.getMessage());
            return ExitCode.ENVIRONMENT.code();
        } catch (HostReadException e) {
            err.println("ax650n-tune " + name() + ": cannot read the host: " + Printable.escape(e.getMessage()));
            return (cl.hasOption("sysroot") ? ExitCode.USAGE : ExitCode.ENVIRONMENT).code();
        } catch (JournalException e) {
            err.println("ax650n-tune " + name() + ": " + e.getMessage());
            return (e.notAFile() ? ExitCode.USAGE : ExitCode.FAILED).code();
        } catch (IOException e) {
            err.println("ax650n-tune " + name() + ": " + Printable.message(e));
            return ExitCode.FAILED.code();
        } catch (java.io.UncheckedIOException e) { // SysRoot.path(): a link loop in a --sysroot tree
            err.println("ax650n-tune " + name() + ": " + Printable.message(e.getCause()));
            return ExitCode.USAGE.code();
        }
    }

    private int usageError(PrintStream err, String msg) {
        err.println("ax650n-tune " + name() + ": " + msg);
        err.println("try 'ax650n-tune " + name() + " --help'");
        return ExitCode.USAGE.code();
    }
}
