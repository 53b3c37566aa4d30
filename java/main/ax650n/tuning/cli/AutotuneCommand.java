package ax650n.tuning.cli;

import ax650n.tuning.autotune.AutotuneReport;
import ax650n.tuning.autotune.BenchMeasure;
import ax650n.tuning.autotune.Comparison;
import ax650n.tuning.autotune.DropIn;
import ax650n.tuning.autotune.Factor;
import ax650n.tuning.autotune.Ranking;
import ax650n.tuning.autotune.Search;
import ax650n.tuning.autotune.Setting;
import ax650n.tuning.autotune.Space;
import ax650n.tuning.bench.BenchException;
import ax650n.tuning.bench.BenchRunner;
import ax650n.tuning.bench.BenchSettings;
import ax650n.tuning.bench.Launch;
import ax650n.tuning.bench.MetricChoice;
import ax650n.tuning.bench.Mode;
import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.bench.TuningControl;
import ax650n.tuning.host.HostReadException;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.tune.ConfigException;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-tune autotune [-n RUNS] [--budget MINUTES] [--factors LIST] [--write FILE]
 * [--json] -- CMD...}: searches the tuning settings for the fastest on this host (see
 * {@link Search}), every candidate applied and reverted through the tuner, the host restored at
 * the end and on Ctrl-C/SIGTERM (the bench runner's session).
 *
 * <p>Progress lines go to stderr, the report to stdout. Exit codes: 0 the search ran and the
 * winner's final runs succeeded; 1 the final runs failed, the drop-in could not be written, or
 * the host could not be restored; 2 usage or configuration; 3 environment (not root, the tuning
 * state cannot be recorded, no native library or big cores for pinned runs).
 */
public final class AutotuneCommand extends Command {
    public static final String USAGE = "ax650n-tune autotune [-n RUNS] [--budget MINUTES] [--factors LIST]"
            + " [--metric NAME[=REGEX]]... [--lower-is-better NAME]... [--write FILE] [--json] [--sysroot DIR]"
            + " [--config FILE] -- CMD [ARGS...]";

    static final int DEFAULT_RUNS = 5;
    static final int DEFAULT_BUDGET_MIN = 60;
    static final int DEFAULT_TIMEOUT_S = 600;

    private final BenchCommand.ControlFactory control;

    /** The tuner's apply/revert on the host (or {@code --sysroot}). */
    public AutotuneCommand() {
        this(new TunerFactory());
    }

    /** A class, not a lambda: every ax650n-tune command constructs this one, and a lambda costs start-up time. */
    private static final class TunerFactory implements BenchCommand.ControlFactory {
        @Override
        public TuningControl open(TuneContext ctx) throws UsageException {
            ctx.requireWriter("autotune");
            return new TunerControl(ctx.root(), ctx.config(), new PrintStream(OutputStream.nullOutputStream()));
        }
    }

    /** @param control makes the mode switch, once the command line has been checked */
    public AutotuneCommand(BenchCommand.ControlFactory control) {
        super("autotune", "search the tuning settings for the fastest for a command, keep them with --write", USAGE,
                "autotune");
        this.control = control;
    }

    @Override
    protected boolean takesCommand() {
        return true;
    }

    @Override
    protected Set<String> repeatable() {
        return Set.of("metric", "lower-is-better");
    }

    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder("n").longOpt("runs").hasArg().argName("RUNS")
                .desc("runs of each side per comparison (default " + DEFAULT_RUNS + ")").build());
        o.addOption(Option.builder().longOpt("budget").hasArg().argName("MINUTES")
                .desc("start no comparison after MINUTES minutes of searching (default " + DEFAULT_BUDGET_MIN
                        + "); the final comparison with untuned runs anyway").build());
        o.addOption(Option.builder().longOpt("factors").hasArg().argName("LIST")
                .desc("factors to search, comma-separated (default all: " + Factor.known() + ")").build());
        o.addOption(Option.builder().longOpt("metric").hasArg().argName("NAME[=REGEX]")
                .desc("what to rank by, as bench has it (repeatable, the first ranks; default: detected from the"
                        + " output, ax-llm's decode speed)").build());
        o.addOption(Option.builder().longOpt("lower-is-better").hasArg().argName("NAME")
                .desc("the --metric NAME=REGEX of that name is a latency (lower is better)").build());
        o.addOption(Option.builder().longOpt("write").hasArg().argName("FILE")
                .desc("write the winning configuration to FILE as a config drop-in, e.g. " + DropIn.SUGGESTED
                        + " (default: nothing is kept)").build());
        o.addOption(Option.builder().longOpt("timeout").hasArg().argName("SEC")
                .desc("kill a run after SEC seconds and count it failed (default " + DEFAULT_TIMEOUT_S + ")").build());
        return TuneContext.addCommon(o);
    }

    @Override
    protected void help(PrintStream out, Options options) {
        printHelp(out, 80, USAGE, "Search the tuning settings (" + Factor.known() + ") one factor at a time"
                + " for the fastest run of a command on this host, each candidate measured against the best"
                + " so far, interleaved. The host is restored at the end; --write keeps the winner.\n\n", options, "");
    }

    @Override
    protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws ParseException, UsageException,
            HostReadException, BenchException {
        List<String> command = cl.getArgList();
        int runs = intOption(cl, "runs", DEFAULT_RUNS, 1);
        int budget = intOption(cl, "budget", DEFAULT_BUDGET_MIN, 1);
        int timeout = intOption(cl, "timeout", DEFAULT_TIMEOUT_S, 1);
        List<Factor> factors;
        try {
            factors = cl.hasOption("factors") ? Factor.parseList(cl.getOptionValue("factors")) : List.of(Factor.values());
        } catch (IllegalArgumentException e) {
            throw new ParseException("--factors: " + e.getMessage());
        }
        MetricChoice metrics = CommandLines.metrics(cl);
        Path write = null;
        if (cl.hasOption("write")) {
            try {
                write = Path.of(cl.getOptionValue("write"));
            } catch (java.nio.file.InvalidPathException e) {
                throw new ParseException("--write: not a path: " + e.getMessage());
            }
            String problem = DropIn.problem(write);
            if (problem != null) {
                throw new ParseException("--write: " + problem);
            }
        }

        TuneContext ctx = TuneContext.of(cl);
        TuningControl tuning = control.open(ctx); // not root on the live host: stop before reading it
        HostSnapshot host = ctx.tuner().snapshot(ctx.config());
        Space space = Space.of(host).only(factors);
        BenchSettings settings = new BenchSettings(command, List.of(Mode.TUNED), runs, 0, Duration.ofSeconds(timeout),
                null, false, metrics);
        Ranking ranking = new Ranking(metrics);
        BenchRunner runner = new BenchRunner(tuning, settings, err, "autotune");
        BenchMeasure measure = new BenchMeasure(runner, host, !journaled(ctx), ctx.config(), runs, 0, ranking);
        Search search = new Search(space, measure, ranking::higherIsBetter, TimeUnit.MINUTES.toNanos(budget),
                System::nanoTime, t -> progress(err, t));
        Setting start = Setting.of(ctx.config(), Launch.BIG);
        err.println("autotune: start " + start);
        Search.Outcome outcome = runner.session(() -> search.run(start));
        AutotuneReport report = new AutotuneReport(outcome, ranking, command, runs, space.factors(),
                launchHint(host, ctx, outcome.winner()));
        out.print(cl.hasOption("json") ? report.toJson() : report.text());
        out.flush();
        Comparison fin = report.outcome().finalComparison();
        boolean finalFailed = !fin.failures(Comparison.Side.CANDIDATE).isEmpty()
                || !fin.failures(Comparison.Side.BASELINE).isEmpty();
        int rc = (finalFailed ? ExitCode.FAILED : ExitCode.OK).code();
        if (finalFailed) {
            err.println("autotune: runs of the final comparison with untuned failed (listed in the report)");
        }
        if (write != null && !finalFailed) {
            try {
                DropIn.write(write, report.dropIn());
                err.println("autotune: wrote " + write + "; the boot unit applies it from its next start");
            } catch (ConfigException e) {
                err.println("autotune: not written: " + e.getMessage());
                rc = ExitCode.FAILED.code();
            }
        } else if (write == null) {
            err.println("autotune: nothing kept; --write " + DropIn.SUGGESTED + " keeps the winner for the next boot");
        }
        return rc;
    }

    /** The host cannot be read (a bad --sysroot tree: 2; the live host: 3), or the search failed (its code). */
    @Override
    protected int failed(Exception e, CommandLine cl, PrintStream err) {
        if (e instanceof HostReadException) {
            err.println("autotune: cannot read the host: " + Printable.escape(e.getMessage()));
            return (cl.hasOption("sysroot") ? ExitCode.USAGE : ExitCode.ENVIRONMENT).code();
        }
        if (e instanceof BenchException b) {
            err.println("autotune: " + b.getMessage());
            return b.exitCode();
        }
        return super.failed(e, cl, err);
    }

    /** How to start the command as the winner's launch does. */
    private static String launchHint(HostSnapshot host, TuneContext ctx, Setting winner) {
        switch (winner.launch()) {
            case UNPINNED:
                return "start the command as is";
            case BIG:
                return "start the command with 'ax650n-tune run -- CMD'";
            default:
                CpuSet cpus = host.cpus().bigCpus();
                try {
                    for (int cpu : Planner.plan(host, winner.config(ctx.config()), Optional.empty()).cardCpus().values()) {
                        cpus = cpus.minus(CpuSet.of(cpu));
                    }
                } catch (ConfigException | PlanException e) {
                    return "start it pinned to the big cores except the IRQ's CPU";
                }
                return "start the command with 'ax650n-tune run --cpus " + cpus.toList() + " -- CMD'";
        }
    }

    /** This boot's journal has entries (the host is tuned); unreadable counts as tuned (the cautious side). */
    private static boolean journaled(TuneContext ctx) {
        try {
            return ctx.tuner().journaledThisBoot();
        } catch (JournalException e) {
            return true;
        }
    }

    private static void progress(PrintStream err, Search.Trial t) {
        err.printf(Locale.ROOT, "autotune: pass %d, %s = %s: %s%n", t.pass(), t.factor().key(), t.value(),
                t.verdict() == Search.Verdict.KEPT ? "kept (" + t.reason() + ")" : t.verdict().label()
                        + " (" + t.reason() + ")");
    }
}
