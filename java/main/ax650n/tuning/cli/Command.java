package ax650n.tuning.cli;

import ax650n.tuning.sys.Printable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The frame of every command: each {@code ax650n-tune} subcommand and {@code ax650n-diagnose}.
 * It parses the line, prints the help, reports a usage error and turns what {@code execute}
 * throws into one line and an exit code. It never exits: the mains do, through {@link LastResort}.
 *
 * <p>A command declares:
 * <ul>
 * <li>its name, one-line summary and usage line, in the constructor:
 *     {@code super("run", "start a command pinned to the big cores", "ax650n-tune run [--cpus LIST] -- CMD [ARGS...]")};
 * <li>its options in {@link #options()}, built afresh on each call ({@code -h/--help} is added
 *     when absent; {@link TuneContext#addCommon} adds {@code --sysroot}, {@code --config},
 *     {@code --json} for a command that acts on the tuning);
 * <li>{@link #takesCommand()} {@code true} when the words after its options are a command to
 *     start ({@code [OPTIONS] [--] CMD [ARGS...]}); otherwise any extra word is a usage error;
 * <li>its work in {@link #execute}, which returns the exit code ({@link ExitCode#code()}, or a
 *     child's own status) and writes its report to {@code out}, its diagnostics to {@code err}.
 * </ul>
 *
 * <p>How {@code execute} reports a failure: it throws
 * <ul>
 * <li>{@link ParseException} for a bad command line: printed in the one usage-error format
 *     {@code ax650n-tune NAME: WHAT (try --help)}, exit 2;
 * <li>{@link UsageException} for a bad value, configuration or environment: {@code PREFIX: WHAT}
 *     ({@link #errorPrefix()}) with the exception's {@link ExitCode};
 * <li>anything else checked: {@link #failed} makes it one line and a code (override it to map
 *     the command's own exception types). Or it prints its own line and returns the code.
 * </ul>
 * {@code --help} goes to stdout ({@link #help}) and gives exit 0; no usage error reaches {@code execute}.
 *
 * <p>A command that acts on the tuning through the tuner extends {@link TuneSubcommand} instead:
 * it declares {@code ownOptions()}, gets the common options and a resolved {@link TuneContext}
 * in {@code execute(cl, ctx, out, err)}, and the tuner's exceptions mapped to their codes.
 * Register a new {@code ax650n-tune} subcommand in {@link TuneCommand}'s table.
 */
public abstract class Command {
    private final String name;
    private final String summary;
    private final String usage;
    private final String errorPrefix;

    /**
     * @param name the subcommand's word ({@code apply}), or a program's own name
     *     ({@code ax650n-diagnose}); see {@link #program()}
     * @param summary one line for the overview of {@code ax650n-tune --help}
     * @param usage the usage line of the help, e.g. {@code ax650n-tune pin --pid N [--cpus LIST]}
     */
    protected Command(String name, String summary, String usage) {
        this(name, summary, usage, null);
    }

    /**
     * For run, pin and bench, whose other error lines have always started with their bare name
     * ({@code run: cannot start ...}).
     *
     * @param errorPrefix the start of the error lines other than usage errors; null for {@link #program()}
     */
    protected Command(String name, String summary, String usage, String errorPrefix) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        this.errorPrefix = errorPrefix;
    }

    public final String name() {
        return name;
    }

    public final String summary() {
        return summary;
    }

    public final String usage() {
        return usage;
    }

    /**
     * What the user typed to get here, the start of a usage error: {@code ax650n-tune NAME}, or
     * the name itself when it is a program of its own ({@code ax650n-diagnose}).
     */
    protected final String program() {
        return name.startsWith("ax650n-") ? name : "ax650n-tune " + name;
    }

    /** The start of the other error lines; {@link #program()} unless the constructor gave a shorter one. */
    protected final String errorPrefix() {
        return errorPrefix != null ? errorPrefix : program();
    }

    /** The command's own options, a new set each call. */
    protected abstract Options options();

    /** True when the words after the options are a command to start (then at least one is required). */
    protected boolean takesCommand() {
        return false;
    }

    /** Long names of the options that may be given more than once (every other one only once). */
    protected Set<String> repeatable() {
        return Set.of();
    }

    /** Prints the help on stdout: the usage line, the summary, the options. */
    protected void help(PrintStream out, Options options) {
        printHelp(out, 100, usage, summary, options, "");
    }

    /**
     * Does the command's work on a line that parsed and passed the checks.
     *
     * @param cl the parsed line; with {@link #takesCommand()} its argument list is the command
     * @return the exit code
     */
    protected abstract int execute(CommandLine cl, PrintStream out, PrintStream err) throws Exception;

    /**
     * Turns a checked exception of {@link #execute} other than the two above into one line on
     * {@code err} and an exit code; by default the message and exit 1.
     */
    protected int failed(Exception e, CommandLine cl, PrintStream err) {
        String m = e instanceof IOException ? Printable.message((IOException) e)
                : Printable.escape(e.getMessage());
        err.println(errorPrefix() + ": " + m);
        return ExitCode.FAILED.code();
    }

    /** Runs with the arguments after the subcommand's name; returns the exit code. */
    public final int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        if (!options.hasOption("help")) {
            options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        }
        CommandLine cl;
        try {
            cl = takesCommand() ? parseWithCommand(options, args) : new DefaultParser().parse(options, args);
            CommandLines.check(cl, repeatable());
            if (cl.hasOption("help")) {
                help(out, options);
                return ExitCode.OK.code();
            }
            List<String> rest = cl.getArgList();
            if (takesCommand() && rest.isEmpty()) {
                throw new ParseException("no command given");
            }
            if (!takesCommand() && !rest.isEmpty()) {
                throw new ParseException("unexpected argument '" + rest.get(0) + "'");
            }
        } catch (ParseException e) {
            return usageError(err, e.getMessage());
        }
        try {
            return execute(cl, out, err);
        } catch (ParseException e) {
            return usageError(err, e.getMessage());
        } catch (UsageException e) {
            err.println(errorPrefix() + ": " + e.getMessage());
            return e.code().code();
        } catch (java.io.UncheckedIOException e) { // SysRoot.path(): a link loop in a --sysroot tree
            err.println(errorPrefix() + ": " + Printable.message(e.getCause()));
            return ExitCode.USAGE.code();
        } catch (RuntimeException e) {
            throw e; // a bug: LastResort makes it one line
        } catch (Exception e) {
            return failed(e, cl, err);
        }
    }

    /** The one usage-error line: {@code PROGRAM: WHAT (try --help)}; exit 2. */
    private int usageError(PrintStream err, String message) {
        err.println(program() + ": " + Printable.escape(message) + " (try --help)");
        return ExitCode.USAGE.code();
    }

    /** commons-cli's classic help on {@code out}: usage line, header, options (sorted), footer. */
    static void printHelp(PrintStream out, int width, String usage, String header, Options options, String footer) {
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printHelp(w, width, usage, header, options, 2, 2, footer);
        w.flush();
    }

    /**
     * Parses {@code [OPTIONS] [--] CMD [ARGS...]}: the options before {@code --} (or before the
     * first word that is not an option) are ours, everything after is the command, returned as
     * the CommandLine's argument list. An unknown option before the command is an error, not
     * the command.
     */
    static CommandLine parseWithCommand(Options options, String[] args) throws ParseException {
        int dashes = Arrays.asList(args).indexOf("--");
        if (dashes >= 0) {
            String[] ours = Arrays.copyOfRange(args, 0, dashes);
            CommandLine cl = new DefaultParser().parse(options, ours, false);
            if (!cl.getArgList().isEmpty()) {
                throw new ParseException("unexpected argument '" + cl.getArgList().get(0) + "' before --");
            }
            String[] withCommand = Arrays.copyOf(ours, args.length);
            System.arraycopy(args, dashes, withCommand, dashes, args.length - dashes);
            return new DefaultParser().parse(options, withCommand, true);
        }
        CommandLine cl = new DefaultParser().parse(options, args, true);
        if (!cl.getArgList().isEmpty() && cl.getArgList().get(0).startsWith("-")) {
            throw new ParseException("unrecognized option: " + cl.getArgList().get(0));
        }
        return cl;
    }

    /** An integer option of at least {@code min}, or {@code dflt} when absent; a bad one is a usage error. */
    protected static int intOption(CommandLine cl, String name, int dflt, int min) throws ParseException {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min) {
                throw new ParseException("--" + name + ": must be at least " + min + ": '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ParseException("--" + name + ": not a number: '" + v + "'");
        }
    }
}
