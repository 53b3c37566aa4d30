package ax650n.tuning.cli;

import ax650n.tuning.bench.BenchException;
import ax650n.tuning.bench.BenchReport;
import ax650n.tuning.bench.BenchRunner;
import ax650n.tuning.bench.BenchSettings;
import ax650n.tuning.bench.BoxPlot;
import ax650n.tuning.bench.MetricChoice;
import ax650n.tuning.bench.MetricOptions;
import ax650n.tuning.bench.Mode;
import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.bench.TuningControl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-tune bench [-n RUNS] [--warmup K] [--modes LIST] [--metric NAME[=REGEX]]... [--json]
 * [--csv FILE] [--plot FILE.svg] -- CMD...}: A/B benchmark of a workload across tuning modes (see
 * {@link BenchRunner}). What is compared is read from each run: by default the runner that printed
 * the output is detected (ax-llm, axcl_run_model/ax_run_model); {@code --metric} names the
 * metrics instead (see {@link MetricOptions}), the first ranks.
 *
 * <p>Progress lines go to stderr, the report to stdout (text table, or JSON with {@code --json}),
 * the raw samples to {@code --csv FILE}, box plots to {@code --plot FILE.svg} (written after the
 * runs, atomically). Exit codes: 0 every measured run succeeded; 1 a measured
 * run failed, a mode switch failed, the command could not be started, or the original state
 * could not be restored; 2 usage or configuration; 3 environment (not root, the tuning state
 * cannot be recorded, no native library or big cores for {@code tuned+pinned}).
 * {@code --sysroot} and {@code --config} are the tuner's: the modes are switched on that tree.
 */
public final class BenchCommand extends Command {
    public static final String USAGE = "ax650n-tune bench [-n RUNS] [--warmup K] [--modes untuned,tuned,tuned+pinned]"
            + " [--metric NAME[=REGEX]]... [--lower-is-better NAME]... [--json] [--csv FILE] [--plot FILE.svg]"
            + " [--sysroot DIR] [--config FILE] -- CMD [ARGS...]";

    static final int DEFAULT_RUNS = 5;
    static final int DEFAULT_WARMUP = 1;
    static final String DEFAULT_MODES = "untuned,tuned,tuned+pinned";
    static final int DEFAULT_TIMEOUT_S = 600;

    /** Makes the mode switch for a benchmark from the common options. */
    @FunctionalInterface
    public interface ControlFactory {
        TuningControl open(TuneContext ctx) throws UsageException;
    }

    private final ControlFactory control;

    /** The tuner's apply/revert on the host (or {@code --sysroot}) with the configuration in force. */
    public BenchCommand() {
        // an anonymous class, not a lambda: bench is constructed on every ax650n-tune start
        this(new ControlFactory() {
            @Override
            public TuningControl open(TuneContext ctx) throws UsageException {
                ctx.requireWriter("bench");
                return new TunerControl(ctx.root(), ctx.config(), new PrintStream(OutputStream.nullOutputStream()));
            }
        });
    }

    /**
     * @param control makes the mode switch; called once per benchmark, after the command line
     *     has been checked (so {@code --help} and usage errors need no tuner)
     */
    public BenchCommand(ControlFactory control) {
        super("bench", "A/B-benchmark a workload (ax-llm, axcl_run_model, any metric): untuned vs tuned vs tuned+pinned", USAGE, "bench");
        this.control = control;
    }

    @Override
    protected boolean takesCommand() {
        return true;
    }

    /** The bench options plus the common {@code --sysroot}, {@code --config}, {@code --json}, {@code --help}. */
    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder("n").longOpt("runs").hasArg().argName("RUNS")
                .desc("measured runs per mode (default " + DEFAULT_RUNS + ")").build());
        o.addOption(Option.builder().longOpt("warmup").hasArg().argName("K")
                .desc("warm-up rounds before measuring, each running every mode once, not counted (default "
                        + DEFAULT_WARMUP + ")").build());
        o.addOption(Option.builder().longOpt("modes").hasArg().argName("LIST")
                .desc("modes to compare, in round order (default " + DEFAULT_MODES + ")").build());
        o.addOption(Option.builder().longOpt("timeout").hasArg().argName("SEC")
                .desc("kill a run after SEC seconds and count it failed (default " + DEFAULT_TIMEOUT_S + ")").build());
        o.addOption(Option.builder().longOpt("stdin").hasArg().argName("FILE")
                .desc("feed FILE to every run's standard input (default: empty input)").build());
        o.addOption(Option.builder().longOpt("echo").desc("copy each run's output to stderr").build());
        o.addOption(Option.builder().longOpt("csv").hasArg().argName("FILE")
                .desc("write every run's raw numbers to FILE as CSV").build());
        o.addOption(Option.builder().longOpt("metric").hasArg().argName("NAME[=REGEX]")
                .desc("what to compare, repeatable, the first ranks: NAME=REGEX reads the number in the regex's one"
                        + " capturing group (last match; higher is better unless --lower-is-better NAME), NAME alone"
                        + " a built-in: wall (the command's wall time), tok_s, ttft_ms, avg_ms, median_ms, min_ms,"
                        + " max_ms, p5_ms, p90_ms, p95_ms, p99_ms (default: detected from the output)").build());
        o.addOption(Option.builder().longOpt("lower-is-better").hasArg().argName("NAME")
                .desc("the --metric NAME=REGEX of that name is a latency (lower is better), repeatable").build());
        o.addOption(Option.builder().longOpt("plot").hasArg().argName("FILE.svg")
                .desc("write a box plot per metric (a box per mode, ratio and 95% interval on it) to FILE.svg"
                        + " after the runs").build());
        return TuneContext.addCommon(o);
    }

    @Override
    protected Set<String> repeatable() {
        return Set.of("metric", "lower-is-better");
    }

    @Override
    protected void help(PrintStream out, Options options) {
        printHelp(out, 80, USAGE,
                "Benchmark a command in each tuning mode, interleaved, and compare what it prints (ax-llm's"
                        + " decode speed and time to first token, axcl_run_model's latency summary, or"
                        + " --metric) with median, CV, jitter (p95 - min) and the ratio to the baseline."
                        + " The tuning state from before is restored at the end.\n\n",
                options, "");
    }

    @Override
    protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws ParseException, UsageException {
        BenchSettings settings = settings(cl);
        BenchReport report;
        try {
            TuningControl tuning = control.open(TuneContext.of(cl));
            report = new BenchRunner(tuning, settings, err).run();
        } catch (BenchException e) {
            err.println("bench: " + e.getMessage());
            return e.exitCode();
        }
        if (cl.hasOption("json")) {
            out.print(report.toJson());
        } else {
            report.printText(out);
        }
        out.flush();
        int rc = (report.failedRuns() > 0 ? ExitCode.FAILED : ExitCode.OK).code();
        if (cl.hasOption("csv")) {
            Path csv = Path.of(cl.getOptionValue("csv"));
            try {
                Files.writeString(csv, report.toCsv(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("bench: cannot write " + csv + ": " + ax650n.tuning.sys.Printable.message(e));
                rc = ExitCode.FAILED.code();
            }
        }
        if (cl.hasOption("plot")) {
            Path plot = Path.of(cl.getOptionValue("plot"));
            try {
                BoxPlot.write(report, plot);
            } catch (IOException e) {
                err.println("bench: cannot write " + plot + ": " + ax650n.tuning.sys.Printable.message(e));
                rc = ExitCode.FAILED.code();
            }
        }
        if (report.failedRuns() > 0) {
            err.println("bench: " + report.failedRuns() + " measured run" + (report.failedRuns() == 1 ? "" : "s")
                    + " failed (listed above)");
        }
        return rc;
    }

    /** The benchmark the command line asks for; a bad value is a usage error. */
    private static BenchSettings settings(CommandLine cl) throws ParseException {
        List<String> command = cl.getArgList();
        int runs = intOption(cl, "runs", DEFAULT_RUNS, 1);
        int warmup = intOption(cl, "warmup", DEFAULT_WARMUP, 0);
        int timeout = intOption(cl, "timeout", DEFAULT_TIMEOUT_S, 1);
        List<Mode> modes;
        try {
            modes = Mode.parseList(cl.getOptionValue("modes", DEFAULT_MODES));
        } catch (IllegalArgumentException e) {
            throw new ParseException("--modes: " + e.getMessage());
        }
        Path stdin = null;
        if (cl.hasOption("stdin")) {
            stdin = Path.of(cl.getOptionValue("stdin"));
            if (!Files.isReadable(stdin) || Files.isDirectory(stdin)) {
                throw new ParseException("--stdin: cannot read " + stdin);
            }
        }
        if (cl.hasOption("csv")) {
            Path dir = Path.of(cl.getOptionValue("csv")).toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new ParseException("--csv: no directory " + dir);
            }
        }
        if (cl.hasOption("plot")) {
            try {
                BoxPlot.checkTarget(Path.of(cl.getOptionValue("plot")));
            } catch (IllegalArgumentException e) {
                throw new ParseException("--plot: " + e.getMessage());
            }
        }
        MetricChoice metrics = CommandLines.metrics(cl);
        return new BenchSettings(command, modes, runs, warmup, Duration.ofSeconds(timeout), stdin,
                cl.hasOption("echo"), metrics);
    }
}
