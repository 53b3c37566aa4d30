package ax650n.tuning.cli;

import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.proc.AffinityLauncher;
import ax650n.tuning.proc.CpuSource;
import ax650n.tuning.proc.SignalForwarder;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-tune run [--cpus LIST] -- CMD [ARGS...]}: starts CMD with its CPU affinity set
 * to the big cores (or {@code --cpus}), so that every thread it creates inherits the mask (see
 * {@link AffinityLauncher} for why that holds from the child's first instruction). stdin,
 * stdout and stderr are the launcher's own; SIGINT, SIGTERM and SIGHUP are relayed to the child
 * ({@link SignalForwarder}); the exit code is the child's (128 + signal when it died of one).
 *
 * <p>The launcher's own failures use the project's codes: 2 usage (bad option, bad CPU list, no
 * CMD, no usable CPU in the list), 3 environment (no native library, affinity refused), 1 when
 * CMD cannot be started (not found, not executable).
 */
public final class RunCommand extends Command {
    public static final String USAGE = "ax650n-tune run [--cpus LIST] -- CMD [ARGS...]";

    private final CpuSource defaultCpus;
    private final SysRoot sys;
    private final Streams streams;

    /** Where the child's standard streams go: the launcher's own ({@link #INHERIT}) in use. */
    record Streams(Redirect in, Redirect out, Redirect err) {
        static final Streams INHERIT = new Streams(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }

    /**
     * @param defaultCpus the CPUs used without {@code --cpus}: the tuner's big cluster
     * @param sys the live root (used only to read {@code /proc/self/stat} for the terminal check)
     */
    public RunCommand(CpuSource defaultCpus, SysRoot sys) {
        this(defaultCpus, sys, Streams.INHERIT);
    }

    /** Tests give the child other streams than the launcher's own. */
    RunCommand(CpuSource defaultCpus, SysRoot sys, Streams streams) {
        super("run", "start a command pinned to the big cores", USAGE, "run");
        this.defaultCpus = defaultCpus;
        this.sys = sys;
        this.streams = streams;
    }

    /** The big cluster of this host ({@link TunerControl#bigCpus(SysRoot)}) by default. */
    public RunCommand() {
        this(Streams.INHERIT);
    }

    RunCommand(Streams streams) {
        this(() -> TunerControl.bigCpus(SysRoot.live()), SysRoot.live(), streams);
    }

    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("cpus").hasArg().argName("LIST")
                .desc("CPU list for the command, e.g. 4-7 (default: the big cores)").build());
        return o;
    }

    @Override
    protected boolean takesCommand() {
        return true;
    }

    @Override
    protected void help(PrintStream out, Options options) {
        printHelp(out, 80, USAGE,
                "Start CMD with its CPU affinity set to the big cores; every thread it creates inherits it."
                        + " Standard streams pass through, SIGINT/SIGTERM/SIGHUP are relayed, and the exit"
                        + " code is CMD's.\n\n", options, "");
    }

    @Override
    protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws ParseException, UsageException {
        List<String> command = cl.getArgList();
        CpuSet cpus = CpuChoice.choose(cl.getOptionValue("cpus"), defaultCpus, sys);
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(streams.in()).redirectOutput(streams.out())
                .redirectError(streams.err());
        try (SignalForwarder relay = SignalForwarder.install(err, SignalForwarder.procSelf(sys))) {
            return launchAndWait(pb, cpus, command, relay, err);
        }
    }

    private static int launchAndWait(ProcessBuilder pb, CpuSet cpus, List<String> command, SignalForwarder relay,
            PrintStream err) {
        AffinityLauncher.Launched launched;
        try {
            launched = AffinityLauncher.start(pb, cpus);
        } catch (NativeUnavailableException e) {
            err.println("run: " + e.getMessage());
            return ExitCode.ENVIRONMENT.code();
        } catch (NativeException e) {
            if (e.errno() == Errno.EINVAL) {
                err.println("run: " + CpuChoice.noneUsable(cpus));
                return ExitCode.USAGE.code();
            }
            err.println("run: cannot set the CPU affinity: " + e.getMessage());
            return ExitCode.ENVIRONMENT.code();
        } catch (IOException e) {
            err.println("run: cannot start " + ax650n.tuning.sys.Printable.escape(command.get(0)) + ": " + ax650n.tuning.sys.Printable.message(e));
            return ExitCode.FAILED.code();
        }
        CpuChoice.narrowed(cpus, launched.cpus()).ifPresent(n -> err.println("run: " + n + "; running on "
                + launched.cpus().toList()));
        Process child = launched.process();
        relay.attach(child);
        return waitUninterruptibly(child);
    }

    private static int waitUninterruptibly(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
