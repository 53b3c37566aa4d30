package ax650n.tuning.cli;

import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.sys.Json;
import ax650n.tuning.diag.Report;
import ax650n.tuning.diag.TextReport;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.sys.HostCapture;
import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SnapshotArchive;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.sys.TempDirs;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Config.CardId;
import ax650n.tuning.tune.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code ax650n-diagnose}: the read-only report on an AX650N host. Owns its options, usage and
 * exit codes; streams are injected so tests run it in-process.
 *
 * <p>Exit codes: 0 no warn/bad finding, 1 findings, 2 usage or input error (bad option, missing
 * or unreadable file, malformed dump or sysroot), 3 no card found (the system part is still
 * printed).
 */
public final class DiagnoseCommand {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int NO_CARD = 3;

    static final String NAME = "ax650n-diagnose";
    /** The bundled CM3588 test host (a tar.gz of java/testdata/hosts/cm3588, made at build time). */
    static final String DEMO_RESOURCE = "/ax650n/tuning/demo/cm3588.tar.gz";
    static final String CONFIG_PATH = "/etc/ax650n-tuning.conf";
    /** The EnvironmentFile= files of Debian's irqbalance.service, in the order the unit reads them. */
    static final List<String> IRQBALANCE_ENV_FILES = List.of("/usr/lib/irqbalance/defaults.env", "/etc/default/irqbalance");

    private final Map<String, String> env;
    private final boolean stdoutIsTerminal;

    /** For the real command: colours when stdout is a terminal and NO_COLOR is unset. */
    public DiagnoseCommand() {
        this(System.getenv(), System.console() != null);
    }

    public DiagnoseCommand(Map<String, String> env, boolean stdoutIsTerminal) {
        this.env = Map.copyOf(env);
        this.stdoutIsTerminal = stdoutIsTerminal;
    }

    static Options options() {
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
                .desc("configuration to judge against (default: /etc/ax650n-tuning.conf under the root read)").build());
        return o;
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
            CommandLines.check(cl, java.util.Set.of("id"));
        } catch (ParseException e) {
            return usage(err, e.getMessage());
        }
        if (cl.hasOption("help")) {
            help(out);
            return OK;
        }
        if (!cl.getArgList().isEmpty()) {
            return usage(err, "unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        int inputs = (cl.hasOption("demo") ? 1 : 0) + (cl.hasOption("sysroot") ? 1 : 0) + (cl.hasOption("lspci-dump") ? 1 : 0);
        if (inputs > 1) {
            return usage(err, "--demo, --sysroot and --lspci-dump exclude each other");
        }
        if (cl.hasOption("json") && cl.hasOption("summary")) {
            return usage(err, "--json and --summary exclude each other");
        }
        if (cl.hasOption("snapshot") && (cl.hasOption("lspci-dump") || cl.hasOption("demo"))) {
            return usage(err, "--snapshot captures a host: not with --lspci-dump or --demo");
        }
        if (cl.hasOption("snapshot")) {
            String given = cl.getOptionValue("snapshot");
            Path target = Path.of(given).toAbsolutePath().normalize();
            if (!given.endsWith(".tar.gz") && !given.endsWith(".tgz")) {
                return usage(err, "--snapshot " + given + ": the file name must end in .tar.gz");
            }
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                err.println(NAME + ": --snapshot " + given + ": directory " + target.getParent() + " does not exist");
                return USAGE;
            }
            if (Files.isDirectory(target)) {
                err.println(NAME + ": --snapshot " + given + ": is a directory");
                return USAGE;
            }
        }
        List<CardId> extra = new ArrayList<>();
        if (cl.hasOption("id")) {
            for (String v : cl.getOptionValues("id")) {
                for (String tok : v.split(",")) {
                    CardId id = CardId.parse(tok);
                    if (id == null) {
                        return usage(err, "--id '" + tok + "' is not a vendor:device pair such as " + CardId.AX650N);
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
                    Path dir = extractDemo(temps);
                    root = SysRoot.of(dir);
                    source = new Report.Source("demo", Optional.of("bundled CM3588 NAS test host"));
                } else if (cl.hasOption("sysroot")) {
                    String given = cl.getOptionValue("sysroot");
                    Path p = Path.of(given);
                    if (!Files.exists(p)) {
                        throw new InputException("--sysroot " + given + ": no such file or directory");
                    }
                    if (Files.isDirectory(p)) {
                        root = SysRoot.of(p);
                    } else if (given.endsWith(".tar.gz") || given.endsWith(".tgz")) {
                        root = SysRoot.of(extract(p, temps, err));
                    } else {
                        throw new InputException("--sysroot " + given + ": neither a directory nor a .tar.gz snapshot");
                    }
                    if (!root.exists("/sys") && !root.exists("/proc")) {
                        throw new InputException("--sysroot " + given + ": holds neither sys/ nor proc/: not a captured host");
                    }
                    source = new Report.Source("sysroot", Optional.of(given));
                } else {
                    root = SysRoot.live();
                    source = new Report.Source("live", Optional.empty());
                }
                if (cl.hasOption("snapshot")) {
                    root = root.recording();
                }
                Config config = config(cl, root);
                HostSnapshot host = HostSnapshot.read(root);
                Map<String, String> irqbalanceEnv = new java.util.LinkedHashMap<>();
                for (String f : IRQBALANCE_ENV_FILES) {
                    root.readOptional(f).ifPresent(t -> irqbalanceEnv.putAll(Diagnoser.environmentFile(t)));
                }
                report = Diagnoser.diagnose(host, config, extra, source, irqbalanceEnv);
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
                return report.exitCode();
            }
            print(cl, report, out);
            return report.exitCode();
        } catch (InputException e) {
            err.println(NAME + ": " + ax650n.tuning.sys.Printable.escape(e.getMessage()));
            return USAGE;
        } catch (ConfigException e) {
            err.println(NAME + ": " + ax650n.tuning.sys.Printable.escape(e.getMessage()));
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println(NAME + ": " + ax650n.tuning.sys.Printable.message(e));
            return USAGE;
        } catch (IOException e) {
            err.println(NAME + ": " + ax650n.tuning.sys.Printable.message(e));
            return USAGE;
        } catch (java.io.UncheckedIOException e) {
            err.println(NAME + ": " + ax650n.tuning.sys.Printable.message(e.getCause())); // a link loop in a --sysroot tree
            return USAGE;
        } finally {
            for (Path t : temps) {
                TempDirs.delete(t);
            }
        }
    }

    private void print(CommandLine cl, Report report, PrintStream out) {
        if (cl.hasOption("json")) {
            out.print(Json.write(report.toJson()));
        } else if (cl.hasOption("summary")) {
            out.println(ax650n.tuning.sys.Printable.escape(report.summary()));
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
        if (!root.exists(CONFIG_PATH)) {
            return Config.defaults();
        }
        String where = root.isLive() ? CONFIG_PATH : root.path(CONFIG_PATH).toString();
        byte[] bytes;
        try {
            bytes = root.readBytes(CONFIG_PATH, RegularFile.CONFIG_LIMIT);
        } catch (IOException e) {
            throw new ConfigException(ax650n.tuning.sys.Printable.escape(where) + ": cannot read: "
                    + ax650n.tuning.sys.Printable.message(e));
        }
        return Config.parse(bytes, where);
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
                new Report.Source("lspci-dump", Optional.of(file.toString())));
    }

    /** The bundled demo host, unpacked from the jar into a temporary directory. */
    private static Path extractDemo(List<Path> temps) throws IOException {
        try (InputStream in = DiagnoseCommand.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new InputException("--demo: the bundled test host " + DEMO_RESOURCE
                        + " is missing from the class path (build with 'mvn package')");
            }
            Path dir = TempDirs.createDirectory(tempBase(), "ax650n-sysroot");
            temps.add(dir);
            SnapshotArchive.extract(in, "--demo " + DEMO_RESOURCE, dir);
            TempDirs.pausePoint("unpacked");
            return dir;
        }
    }

    /**
     * Where unpacked trees go: /dev/shm when it is a writable directory (a few hundred small files
     * unpack and delete in ~10 ms there, against ~0.5 s on a slow disk-backed /tmp), else the JVM's
     * temporary directory.
     */
    static Path tempBase() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Unpacks a snapshot into a new temporary directory ({@link SnapshotArchive}: hostile input,
     * so only directories, files and links are created, never through a link); what was refused
     * is said on stderr, one line each (at most {@value #MAX_NOTES}).
     */
    static Path extract(Path archive, List<Path> temps, PrintStream err) throws IOException {
        Path dir = TempDirs.createDirectory(tempBase(), "ax650n-sysroot");
        temps.add(dir);
        SnapshotArchive.Result r;
        try {
            r = SnapshotArchive.extract(archive, dir);
        } catch (NoSuchFileException e) {
            throw new InputException("--sysroot " + archive + ": no such file");
        } catch (RegularFile.Refused | SnapshotArchive.FormatException e) {
            throw new InputException("--sysroot " + e.getMessage());
        }
        TempDirs.pausePoint("unpacked");
        List<String> notes = r.notes();
        for (int i = 0; i < notes.size() && i < MAX_NOTES; i++) {
            err.println(NAME + ": --sysroot " + archive + ": skipped " + notes.get(i));
        }
        if (notes.size() > MAX_NOTES) {
            err.println(NAME + ": --sysroot " + archive + ": skipped " + (notes.size() - MAX_NOTES) + " more entries");
        }
        return dir;
    }

    private static final int MAX_NOTES = 10;

    private static int usage(PrintStream err, String message) {
        err.println(NAME + ": " + message + " (try --help)");
        return USAGE;
    }

    private static void help(PrintStream out) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        HelpFormatter f = new HelpFormatter();
        f.printHelp(pw, 100, NAME + " [--json|--summary] [--demo | --sysroot DIR|FILE.tar.gz | --lspci-dump FILE]"
                        + " [--snapshot FILE.tar.gz] [--id VENDOR:DEVICE]...",
                "\nRead-only report on an Axera AX650N PCIe card and its host: CPUs and governors, the PCIe link "
                        + "and which end limits it, payload sizes, ASPM, AER, IRQ placement, irqbalance, and "
                        + "recommendations with the command that fixes each.\n\n",
                options(), 2, 2,
                "\nExit codes: 0 no findings, 1 warn/bad findings, 2 usage or input error, 3 no AX650N found.\n"
                        + "Colours only on a terminal with NO_COLOR unset.", false);
        pw.println();
        pw.flush();
        out.print(sw);
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
