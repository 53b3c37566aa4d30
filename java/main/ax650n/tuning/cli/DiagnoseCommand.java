package ax650n.tuning.cli;

import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.sys.Json;
import ax650n.tuning.diag.Report;
import ax650n.tuning.diag.TextReport;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.sys.HostCapture;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.sys.TempDirs;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Config.CardId;
import ax650n.tuning.tune.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-diagnose}: the read-only report on an AX650N host. Owns its options, usage and
 * exit codes; streams are injected so tests run it in-process.
 *
 * <p>Exit codes ({@link ExitCode}): 0 no warn/bad finding, 1 findings, 2 usage or input error
 * (bad option, missing or unreadable file, malformed dump or sysroot), 3 no card found (the
 * system part is still printed).
 */
public final class DiagnoseCommand extends Command {
    static final String NAME = "ax650n-diagnose";
    static final String USAGE = NAME + " [--json|--summary] [--demo | --sysroot DIR|FILE.tar.gz | --lspci-dump FILE]"
            + " [--snapshot FILE.tar.gz] [--id VENDOR:DEVICE]...";

    private final Map<String, String> env;
    private final boolean stdoutIsTerminal;
    private final String demoTree;

    /**
     * For the real command: colours when stdout is a terminal and NO_COLOR is unset; {@code --demo}
     * reads the tree the package installed (system property {@value UnpackedTrees#DEMO_PROPERTY}).
     */
    public DiagnoseCommand() {
        this(System.getenv(), System.console() != null, System.getProperty(UnpackedTrees.DEMO_PROPERTY));
    }

    /** {@code --demo} unpacks the jar's copy of the demo host. */
    public DiagnoseCommand(Map<String, String> env, boolean stdoutIsTerminal) {
        this(env, stdoutIsTerminal, null);
    }

    /**
     * {@code --demo} reads the demo host installed at {@code demoTree} when that is a directory,
     * else (null, missing) unpacks the jar's copy.
     */
    public DiagnoseCommand(Map<String, String> env, boolean stdoutIsTerminal, String demoTree) {
        super(NAME, "read-only report on an AX650N card and its host", USAGE);
        this.env = Map.copyOf(env);
        this.stdoutIsTerminal = stdoutIsTerminal;
        this.demoTree = demoTree;
    }

    @Override
    protected Set<String> repeatable() {
        return Set.of("id");
    }

    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder("h").longOpt("help").desc("show this help and exit").build());
        o.addOption(Option.builder().longOpt("json").desc("print the report as JSON (schema: docs/diagnose-json.md)").build());
        o.addOption(Option.builder().longOpt("summary").desc("print only the one-line summary (for logs)").build());
        o.addOption(Option.builder().longOpt("sysroot").hasArg().argName("DIR|FILE.tar.gz")
                .desc("read a captured host tree (a folder, or a --snapshot archive) instead of this host").build());
        o.addOption(Option.builder().longOpt("snapshot").hasArg().argName("FILE.tar.gz")
                .desc("also write every sysfs/procfs file this report read into FILE.tar.gz, for a bug report").build());
        o.addOption(Option.builder().longOpt("lspci-dump").hasArg().argName("FILE")
                .desc("report the link and payload part from a pasted 'lspci -xxx' or '-xxxx' dump").build());
        o.addOption(Option.builder().longOpt("demo").desc("report on the bundled CM3588 NAS test host").build());
        o.addOption(Option.builder().longOpt("id").hasArg().argName("VENDOR:DEVICE")
                .desc("also look for this PCI id (repeatable), to study other cards").build());
        o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
                .desc("configuration to judge against, read alone (default: /etc/ax650n-tuning.conf, then"
                        + " /etc/ax650n-tuning.conf.d/*.conf, under the root read)").build());
        return o;
    }

    @Override
    protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws ParseException, IOException, ConfigException {
        int inputs = (cl.hasOption("demo") ? 1 : 0) + (cl.hasOption("sysroot") ? 1 : 0) + (cl.hasOption("lspci-dump") ? 1 : 0);
        if (inputs > 1) {
            throw new ParseException("--demo, --sysroot and --lspci-dump exclude each other");
        }
        if (cl.hasOption("json") && cl.hasOption("summary")) {
            throw new ParseException("--json and --summary exclude each other");
        }
        if (cl.hasOption("snapshot") && (cl.hasOption("lspci-dump") || cl.hasOption("demo"))) {
            throw new ParseException("--snapshot captures a host: not with --lspci-dump or --demo");
        }
        if (cl.hasOption("snapshot")) {
            String given = cl.getOptionValue("snapshot");
            Path target = Path.of(given).toAbsolutePath().normalize();
            if (!given.endsWith(".tar.gz") && !given.endsWith(".tgz")) {
                throw new ParseException("--snapshot " + given + ": the file name must end in .tar.gz");
            }
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                throw new InputException("--snapshot " + given + ": directory " + target.getParent() + " does not exist");
            }
            if (Files.isDirectory(target)) {
                throw new InputException("--snapshot " + given + ": is a directory");
            }
        }
        List<CardId> extra = new ArrayList<>();
        if (cl.hasOption("id")) {
            for (String v : cl.getOptionValues("id")) {
                for (String tok : v.split(",")) {
                    CardId id = CardId.parse(tok);
                    if (id == null) {
                        throw new ParseException("--id '" + tok + "' is not a vendor:device pair such as " + CardId.AX650N);
                    }
                    extra.add(id);
                }
            }
        }
        List<Path> temps = new ArrayList<>();
        try {
            Report report;
            if (cl.hasOption("lspci-dump")) {
                Config config = cl.hasOption("config") ? Config.load(Path.of(cl.getOptionValue("config")), true) : Config.defaults();
                report = fromDump(Path.of(cl.getOptionValue("lspci-dump")), config, extra, err);
            } else {
                SysRoot root;
                Report.Source source;
                if (cl.hasOption("demo")) {
                    root = SysRoot.of(UnpackedTrees.demo(demoTree, temps));
                    source = Report.Source.demo("bundled CM3588 NAS test host");
                } else if (cl.hasOption("sysroot")) {
                    String given = cl.getOptionValue("sysroot");
                    Path p = Path.of(given);
                    if (!Files.exists(p)) {
                        throw new InputException("--sysroot " + given + ": no such file or directory");
                    }
                    if (Files.isDirectory(p)) {
                        root = SysRoot.of(p);
                    } else if (given.endsWith(".tar.gz") || given.endsWith(".tgz")) {
                        root = SysRoot.of(UnpackedTrees.snapshot(p, temps, err));
                    } else {
                        throw new InputException("--sysroot " + given + ": neither a directory nor a .tar.gz snapshot");
                    }
                    if (!root.exists("/sys") && !root.exists("/proc")) {
                        throw new InputException("--sysroot " + given + ": holds neither sys/ nor proc/: not a captured host");
                    }
                    source = Report.Source.sysroot(given);
                } else {
                    root = SysRoot.live();
                    source = Report.Source.live();
                }
                if (cl.hasOption("snapshot")) {
                    root = root.recording();
                }
                Config config = config(cl, root);
                HostSnapshot host = HostSnapshot.read(root);
                report = Diagnoser.diagnose(host, config, extra, source);
                print(cl, report, out);
                if (cl.hasOption("snapshot")) {
                    Path target = Path.of(cl.getOptionValue("snapshot"));
                    HostCapture.Result r = HostCapture.captureToTarGz(root, target);
                    err.println(NAME + ": snapshot written to " + target + " (" + r.files() + " files, " + r.links()
                            + " links, " + r.dirs() + " directories); replay it with --sysroot " + target);
                    for (String n : r.notes()) {
                        err.println(NAME + ": snapshot: " + n);
                    }
                }
                return exitCode(report);
            }
            print(cl, report, out);
            return exitCode(report);
        } finally {
            for (Path t : temps) {
                TempDirs.delete(t);
            }
        }
    }

    /** Bad input (a file, a dump, a tree, the configuration): one line, exit 2; a link loop is caught by the frame. */
    @Override
    protected int failed(Exception e, CommandLine cl, PrintStream err) {
        String m = e instanceof IOException && !(e instanceof InputException) ? Printable.message((IOException) e)
                : Printable.escape(e.getMessage());
        err.println(errorPrefix() + ": " + m);
        return ExitCode.USAGE.code();
    }

    /** {@link Report#exitCode()} as the {@link ExitCode} it stands for. */
    static int exitCode(Report report) {
        int c = report.exitCode();
        ExitCode e = c == ExitCode.NO_CARD.code() ? ExitCode.NO_CARD : c == ExitCode.FAILED.code() ? ExitCode.FAILED
                : ExitCode.OK;
        return e.code();
    }

    private void print(CommandLine cl, Report report, PrintStream out) {
        if (cl.hasOption("json")) {
            out.print(Json.write(report.toJson()));
        } else if (cl.hasOption("summary")) {
            out.println(Printable.escape(report.summary()));
        } else {
            boolean colour = stdoutIsTerminal && !env.containsKey("NO_COLOR");
            out.print(TextReport.render(report, colour));
        }
        out.flush();
    }

    private static Config config(CommandLine cl, SysRoot root) throws ConfigException {
        if (cl.hasOption("config")) {
            return Config.load(Path.of(cl.getOptionValue("config")), true);
        }
        return Config.loadDefault(root); // /etc/ax650n-tuning.conf and its drop-ins, under the root read
    }

    private static Report fromDump(Path file, Config config, List<CardId> extra, PrintStream err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException("--lspci-dump " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        LspciDump.Result dump;
        try {
            dump = LspciDump.read(file);
        } catch (LspciDump.FormatException e) {
            throw new InputException("--lspci-dump " + e.getMessage());
        }
        for (String w : dump.warnings()) {
            err.println(NAME + ": " + w);
        }
        if (dump.devices().isEmpty()) {
            throw new InputException("--lspci-dump " + file + ": no device in it (expected 'BB:DD.F description' lines "
                    + "followed by '00: xx xx ...' rows, as 'lspci -xxx' prints)");
        }
        return Diagnoser.fromDump(dump, Diagnoser.ids(config, extra),
                Report.Source.lspciDump(file.toString()));
    }

    @Override
    protected void help(PrintStream out, Options options) {
        printHelp(out, 100, USAGE,
                "\nRead-only report on an Axera AX650N PCIe card and its host: CPUs and governors, the PCIe link "
                        + "and which end limits it, payload sizes, ASPM, AER, IRQ placement, irqbalance, and "
                        + "recommendations with the command that fixes each.\n\n",
                options,
                "\nExit codes: 0 no findings, 1 warn/bad findings, 2 usage or input error, 3 no AX650N found.\n"
                        + "Colours only on a terminal with NO_COLOR unset.");
        out.println();
        out.flush();
    }

    /** Bad input named by the message; exit code 2. */
    static final class InputException extends IOException {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }
}
