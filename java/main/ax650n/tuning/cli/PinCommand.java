package ax650n.tuning.cli;

import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.proc.CpuSource;
import ax650n.tuning.proc.ThreadPinner;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-tune pin --pid N [--cpus LIST]}: sets the CPU affinity of every thread of a
 * running process ({@code /proc/N/task/*}), reporting threads that ended meanwhile.
 *
 * <p>Exit codes: 0 every live thread set (vanished threads are reported, not errors), 1 a thread
 * refused or the process does not exist, 2 usage, 3 no native library or no big-core source.
 */
public final class PinCommand extends Command {
    public static final String USAGE = "ax650n-tune pin --pid N [--cpus LIST]";

    private final SysRoot sys;
    private final CpuSource defaultCpus;

    /**
     * @param sys where {@code /proc/N/task} is listed (the live root in production)
     * @param defaultCpus the CPUs used without {@code --cpus}: the tuner's big cluster
     */
    public PinCommand(SysRoot sys, CpuSource defaultCpus) {
        super("pin", "pin every thread of a running process to the big cores", USAGE, "pin");
        this.sys = sys;
        this.defaultCpus = defaultCpus;
    }

    /** The big cluster of this host ({@link TunerControl#bigCpus(SysRoot)}) by default. */
    public PinCommand() {
        this(SysRoot.live(), () -> TunerControl.bigCpus(SysRoot.live()));
    }

    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("pid").hasArg().argName("N").desc("the process to pin").build());
        o.addOption(Option.builder().longOpt("cpus").hasArg().argName("LIST")
                .desc("CPU list, e.g. 4-7 (default: the big cores)").build());
        return o;
    }

    @Override
    protected void help(PrintStream out, Options options) {
        printHelp(out, 80, USAGE, "Set the CPU affinity of every thread of a running process.\n\n", options, "");
    }

    @Override
    protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws ParseException, UsageException {
        if (!cl.hasOption("pid")) {
            throw new ParseException("--pid is required");
        }
        String pidText = cl.getOptionValue("pid");
        int pid;
        try {
            pid = Integer.parseInt(pidText);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0 || !pidText.matches("[0-9]+")) {
            throw new ParseException("--pid: not a process id: '" + pidText + "'");
        }
        CpuSet cpus = CpuChoice.choose(cl.getOptionValue("cpus"), defaultCpus, sys);
        ThreadPinner.Result r;
        try {
            r = new ThreadPinner(sys).pin(pid, cpus);
        } catch (NativeUnavailableException e) {
            err.println("pin: " + e.getMessage());
            return ExitCode.ENVIRONMENT.code();
        } catch (IOException e) {
            err.println("pin: pid " + pid + ": " + ax650n.tuning.sys.Printable.message(e));
            return ExitCode.FAILED.code();
        }
        if (!r.processFound()) {
            err.println("pin: no process " + pid + " (/proc/" + pid + "/task not found)");
            return ExitCode.FAILED.code();
        }
        CpuSet set = cpus;
        if (!r.pinned().isEmpty()) {
            try {
                set = NativeLinux.getAffinity(r.pinned().get(0)); // what the kernel took: online and allowed CPUs only
            } catch (IOException | NativeUnavailableException e) {
                set = cpus; // the thread ended meanwhile: report what was asked
            }
        }
        CpuSet actual = set;
        String who = "pin: pid " + pid + ": ";
        CpuChoice.narrowed(cpus, actual).ifPresent(n -> err.println(who + n));
        if (r.pinned().isEmpty() && !r.failed().isEmpty() && r.failed().values().stream().allMatch(m -> m.contains("EINVAL"))) {
            err.println("pin: " + CpuChoice.noneUsable(cpus));
            return ExitCode.USAGE.code();
        }
        out.println("pin: pid " + pid + ": " + r.pinned().size() + " thread" + (r.pinned().size() == 1 ? "" : "s")
                + " set to CPUs " + actual.toList());
        for (int tid : r.vanished()) {
            out.println("pin: pid " + pid + ": thread " + tid + " vanished (ESRCH) before it could be set");
        }
        for (Map.Entry<Integer, String> f : r.failed().entrySet()) {
            err.println("pin: pid " + pid + ": thread " + f.getKey() + ": " + f.getValue());
        }
        if (!r.failed().isEmpty()) {
            return ExitCode.FAILED.code();
        }
        if (r.pinned().isEmpty()) {
            err.println("pin: pid " + pid + ": process exited before any thread could be set");
            return ExitCode.FAILED.code();
        }
        return ExitCode.OK.code();
    }
}
