package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Conformance of {@link ConfigSpace} with lspci: for every device of every hex dump given, runs
 * {@code lspci -F DUMP -vvv}, reads lspci's decoded text and compares it field by field with
 * the decoder on the same bytes. Fields: bridge bus numbers, command Mem/BusMaster/DisINTx,
 * status CapList, capability offsets and IDs (standard and extended, with the chain-end
 * markers), Express version and type, DevCap/DevCtl payload sizes and MaxReadReq, DevSta
 * error bits, LnkCap speed/width/ASPM/exit latencies, LnkCtl ASPM, LnkSta speed and width with
 * the "(downgraded)" flags and DLActive, LnkCap2 speeds, MSI/MSI-X enable and counts, PM
 * version and state, AER status and mask bits, LTR latencies, L1 PM Substates flags.
 *
 * <pre>
 * usage: LspciConformance [--lspci PATH] [--live] [-q] DUMP-OR-DIR...
 * </pre>
 * A directory stands for the regular files in it (not recursive, README* skipped). {@code --live}
 * adds this machine's devices: each {@code /sys/bus/pci/devices/*}{@code /config} is read (256 or
 * 4096 bytes as root, 64 otherwise) and written as a dump that lspci reads back. One line per
 * disagreement goes to stdout, then {@code N passed, N failed} (devices). Exit status: 0 all
 * agree, 1 a disagreement, 2 usage error, 3 lspci cannot run.
 *
 * <p>Known difference of lspci versions, handled here: pciutils 3.9.0 prints LnkCap2's
 * supported speeds as "RsvdP" when the 64 GT/s bit (or the bit above it) is set; later
 * versions print "2.5-64GT/s". The decoder names 64 GT/s; the comparison maps it to 3.9.0's
 * text when lspci says "RsvdP". LTR latencies with a scale value the spec forbids (6, 7) are
 * not compared: the decoder leaves them empty and lspci shifts by 30/35 bits (undefined in C).
 */
public final class LspciConformance {
    private final String lspci;
    private final PrintStream out;
    private int passed;
    private int failed;
    private int fieldsCompared;

    public LspciConformance(String lspci, PrintStream out) {
        this.lspci = Objects.requireNonNull(lspci);
        this.out = Objects.requireNonNull(out);
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failed;
    }

    public int fieldsCompared() {
        return fieldsCompared;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command, with injectable streams; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String lspci = "lspci";
        boolean live = false;
        boolean quiet = false;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lspci":
                    if (++i == args.length) {
                        err.println("--lspci needs a path; try --help");
                        return 2;
                    }
                    lspci = args[i];
                    break;
                case "--live":
                    live = true;
                    break;
                case "-q":
                    quiet = true;
                    break;
                case "-h":
                case "--help":
                    out.println("usage: ax650n-lspci-conformance [--lspci PATH] [--live] [-q] DUMP-OR-DIR...");
                    out.println("Compares the config-space decoder with `lspci -F DUMP -vvv` on every device of the");
                    out.println("hex dumps (lspci -x/-xxx/-xxxx format) given, or of this machine (--live).");
                    out.println("Prints one line per disagreement, then 'N passed, N failed'; exit 1 on any disagreement.");
                    return 0;
                default:
                    if (args[i].startsWith("-")) {
                        err.println("unknown option " + args[i] + "; try --help");
                        return 2;
                    }
                    inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty() && !live) {
            err.println("no dump files or directories given (or --live); try --help");
            return 2;
        }
        LspciConformance c = new LspciConformance(lspci, quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out);
        try {
            for (Path p : expand(inputs)) {
                c.checkFile(p);
            }
            if (live) {
                c.checkLive(Paths.get("/sys/bus/pci/devices"));
            }
        } catch (LspciUnavailableException e) {
            err.println(e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("conformance: " + e.getMessage());
            return 2;
        }
        out.printf("%d fields compared%n", c.fieldsCompared);
        out.printf("%d passed, %d failed%n", c.passed, c.failed);
        return c.failed == 0 ? 0 : 1;
    }

    /** lspci is missing or cannot be started. */
    public static final class LspciUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        LspciUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Files named on the command line, directories replaced by their regular files (sorted, README* skipped). */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("README"))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IOException("no such dump file or directory: " + p);
            }
        }
        return files;
    }

    /** Whether an lspci binary can be run (for tests that skip without it). */
    public static boolean lspciAvailable(String lspci) {
        try {
            Process p = new ProcessBuilder(lspci, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code lspci -F file -vvv} and returns its stdout. */
    public static String runLspci(String lspci, Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(lspci, "-F", file.toString(), "-vvv");
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new LspciUnavailableException("cannot run " + lspci + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream es = p.getErrorStream()) {
                es.transferTo(errBuf);
            } catch (IOException ignored) {
                // stderr is only used for the message below
            }
        });
        drain.start();
        String text;
        try (InputStream is = p.getInputStream()) {
            text = new String(is.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(lspci + " -F " + file + " timed out");
            }
            drain.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(lspci + " -F " + file + " exited " + p.exitValue() + ": "
                    + errBuf.toString(StandardCharsets.UTF_8).trim());
        }
        return text;
    }

    /** Checks every device of one dump file. */
    public void checkFile(Path file) throws IOException {
        LspciDump.Result dump;
        try {
            dump = LspciDump.read(file);
        } catch (LspciDump.FormatException e) {
            disagree(file.toString(), "dump", "unreadable: " + e.getMessage());
            failed++;
            return;
        }
        if (dump.devices().isEmpty()) {
            return;
        }
        String text;
        try {
            text = runLspci(lspci, file);
        } catch (LspciUnavailableException e) {
            throw e;
        } catch (IOException e) {
            disagree(file.toString(), "lspci", e.getMessage());
            failed += dump.devices().size();
            return;
        }
        Map<Bdf, LspciText.Device> oracle;
        try {
            oracle = LspciText.parse(text);
        } catch (BdfFormatException e) {
            disagree(file.toString(), "lspci", "output has an unreadable address: " + e.getMessage());
            failed += dump.devices().size();
            return;
        }
        for (LspciDump.Device d : dump.devices()) {
            List<String> diffs = compare(d.bytes(), d.bdf(), oracle.get(d.bdf()));
            String where = file + ": " + d.bdf();
            for (String diff : diffs) {
                out.println(where + ": " + diff);
            }
            if (diffs.isEmpty()) {
                passed++;
            } else {
                failed++;
            }
        }
    }

    /** Dumps this machine's config spaces to a temporary file and checks it. */
    public void checkLive(Path devicesDir) throws IOException {
        if (!Files.isDirectory(devicesDir)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        List<Path> devs;
        try (Stream<Path> s = Files.list(devicesDir)) {
            devs = s.sorted().toList();
        }
        for (Path dev : devs) {
            String name = dev.getFileName().toString();
            if (!Bdf.isValid(name)) {
                continue;
            }
            byte[] config = Files.readAllBytes(dev.resolve("config"));
            if (config.length == 0) {
                continue;
            }
            try {
                sb.append(LspciDump.format(Bdf.parse(name), "Device", config));
            } catch (BdfFormatException e) {
                throw new IllegalStateException(e);
            }
        }
        Path tmp = Files.createTempFile("ax650n-live-", ".lspci");
        try {
            Files.writeString(tmp, sb.toString());
            checkFile(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void disagree(String where, String field, String text) {
        out.println(where + ": " + field + ": " + text);
    }

    // ---------------------------------------------------------------- comparison

    /** Compares one device; returns one line per disagreement (empty = agreement). */
    List<String> compare(byte[] bytes, Bdf bdf, LspciText.Device l) {
        List<String> diffs = new ArrayList<>();
        if (l == null) {
            diffs.add("lspci did not list this device");
            return diffs;
        }
        ConfigSpace cs;
        try {
            cs = ConfigSpace.decode(bytes);
        } catch (ConfigSpaceException e) {
            // lspci shows no register text for a device whose 64-byte header it cannot read
            check(diffs, "unusable config space", l.headerLine("Control:") == null ? "no header" : "header decoded", "no header");
            return diffs;
        }
        Header h = cs.header();
        String control = l.headerLine("Control:");
        // lspci prints no command/status text for a header layout it does not know
        boolean lspciKnowsLayout = l.headerLine("!!! Unknown header type") == null;
        check(diffs, "header layout known", lspciKnowsLayout, h.layout() <= 2);
        check(diffs, "header decoded", control != null, lspciKnowsLayout);
        if (control != null) {
            check(diffs, "Control Mem", flag(control, "Mem"), h.memorySpaceEnabled());
            check(diffs, "Control BusMaster", flag(control, "BusMaster"), h.busMaster());
            check(diffs, "Control DisINTx", flag(control, "DisINTx"), h.interruptDisable());
        }
        String status = l.headerLine("Status:");
        if (status != null) {
            check(diffs, "Status Cap", flag(status, "Cap"), h.capabilityList());
        }
        String bus = l.headerLine("Bus: ");
        Matcher bm = bus == null ? null : Pattern.compile("primary=(\\p{XDigit}{2}), secondary=(\\p{XDigit}{2}), subordinate=(\\p{XDigit}{2})").matcher(bus);
        String lspciBus = bm != null && bm.find() ? bm.group(1) + "/" + bm.group(2) + "/" + bm.group(3) : "none";
        String ourBus = h.buses().map(b -> String.format("%02x/%02x/%02x", b.primary(), b.secondary(), b.subordinate())).orElse("none");
        check(diffs, "Bus primary/secondary/subordinate", lspciBus, ourBus);

        compareChains(diffs, l, cs);
        compareExpress(diffs, l, cs, bdf);
        compareMsi(diffs, l, cs);
        comparePm(diffs, l, cs);
        compareAer(diffs, l, cs);
        compareLtr(diffs, l, cs);
        compareL1pm(diffs, l, cs);
        return diffs;
    }

    private void compareChains(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        for (boolean ext : new boolean[] {false, true}) {
            String what = ext ? "extended capabilities" : "capabilities";
            CapabilityChain chain = ext ? cs.extendedCapabilities() : cs.capabilities();
            List<Capability> mine = chain.entries();
            List<String> theirs = new ArrayList<>();
            String theirEnd = "end";
            for (LspciText.Cap c : l.caps()) {
                if (c.extended() != ext && c.offset() >= 0) {
                    continue;
                }
                if (c.offset() < 0) {
                    if (!ext) {
                        theirEnd = c.title();
                    }
                    continue;
                }
                if (c.marker()) {
                    theirEnd = c.title() + String.format(ext ? " at %03x" : " at %02x", c.offset());
                    continue;
                }
                Set<Integer> ids = ext ? LspciNames.extendedIds(c.title()) : LspciNames.standardIds(c.title());
                if (c.title().isEmpty()) {
                    // lspci prints no title for Bridge Subsystem ID (0x0d) and Device Serial
                    // Number (ext 0x03) when their registers lie beyond the dump, nor for
                    // PCI-X (0x07) in a CardBus header
                    ids = ext ? Set.of(0x03) : Set.of(0x0d, 0x07);
                }
                // lspci prints one title for several IDs (Virtual Channel: 0x2 and 0x9): it
                // agrees with the decoder's entry at the same position when the ID is among them
                int index = theirs.size();
                String id;
                if (index < mine.size() && ids.contains(mine.get(index).id())) {
                    id = hex(mine.get(index).id());
                } else {
                    id = ids.size() == 1 ? hex(ids.iterator().next()) : "one of " + new java.util.TreeSet<>(ids)
                            + (ids.isEmpty() ? " (unrecognised lspci title \"" + c.title() + "\")" : "");
                }
                theirs.add(String.format(ext ? "%03x:%s v%d" : "%02x:%s", c.offset(), id, c.version()));
            }
            List<String> ours = new ArrayList<>();
            for (Capability c : mine) {
                ours.add(String.format(ext ? "%03x:%s v%d" : "%02x:%s", c.offset(), hex(c.id()), c.version()));
            }
            check(diffs, what, String.join(" ", theirs), String.join(" ", ours));
            String ourEnd;
            switch (chain.end()) {
                case LOOPED:
                    ourEnd = "<chain looped>" + String.format(ext ? " at %03x" : " at %02x", chain.endOffset());
                    break;
                case BROKEN:
                    ourEnd = "<chain broken>" + String.format(" at %02x", chain.endOffset());
                    break;
                case UNREADABLE:
                    ourEnd = ext ? "end" : "<access denied>";
                    break;
                case HOP_LIMIT:
                    ourEnd = "hop limit";
                    break;
                default:
                    ourEnd = "end";
            }
            check(diffs, what + " chain end", theirEnd, ourEnd);
        }
    }

    private static final Pattern EXPRESS = Pattern.compile("^Express \\(v(\\d+)\\) (.*?)(?: \\(Slot[+-]\\))?, MSI (\\p{XDigit}{2})$");
    private static final Pattern DEVCAP = Pattern.compile("^DevCap:\tMaxPayload (\\d+) bytes");
    private static final Pattern DEVCTL = Pattern.compile("MaxPayload (\\d+) bytes, MaxReadReq (\\d+) bytes");
    private static final Pattern LNKCAP = Pattern.compile("^LnkCap:\tPort #(\\d+), Speed (\\S+), Width x(\\d+), ASPM (not supported|L0s L1|L0s|L1|unknown)(?:, Exit Latency (.*))?$");
    private static final Pattern LNKCTL = Pattern.compile("^LnkCtl:\tASPM (.*?);");
    private static final Pattern LNKSTA = Pattern.compile("^LnkSta:\tSpeed (\\S+?)( \\((?:downgraded|overdriven)\\))?, Width x(\\d+)( \\((?:downgraded|overdriven)\\))?");
    private static final Pattern LNKCAP2 = Pattern.compile("^LnkCap2: Supported Link Speeds: ([^,]+),");

    private void compareExpress(List<String> diffs, LspciText.Device l, ConfigSpace cs, Bdf bdf) {
        LspciText.Cap c = l.first(x -> !x.extended() && x.title().startsWith("Express "));
        check(diffs, "Express present", c != null, cs.express().isPresent());
        if (c == null || cs.express().isEmpty()) {
            return;
        }
        PciExpress e = cs.express().get();
        Matcher m = EXPRESS.matcher(c.title());
        if (!m.matches()) {
            diffs.add("Express: unrecognised lspci text: " + c.title());
            return;
        }
        check(diffs, "Express version", Integer.parseInt(m.group(1)), e.version());
        check(diffs, "Express type", m.group(2), e.portTypeLabel());
        String devCap = detail(c, "DevCap:");
        if (devCap != null) {
            Matcher d = DEVCAP.matcher(devCap);
            check(diffs, "DevCap MaxPayload", d.find() ? d.group(1) : "?",
                    e.device().map(x -> String.valueOf(x.maxPayloadSupported())).orElse("absent"));
            Matcher ctl = null;
            for (String s : c.details()) {
                Matcher t = DEVCTL.matcher(s);
                if (t.find()) {
                    ctl = t;
                    break;
                }
            }
            check(diffs, "DevCtl MaxPayload/MaxReadReq", ctl == null ? "?" : ctl.group(1) + "/" + ctl.group(2),
                    e.device().map(x -> x.maxPayload() + "/" + x.maxReadRequest()).orElse("absent"));
            String devSta = detail(c, "DevSta:");
            if (devSta != null && e.device().isPresent()) {
                PciExpress.Device dv = e.device().get();
                check(diffs, "DevSta CorrErr", flag(devSta, "CorrErr"), dv.correctableErrorDetected());
                check(diffs, "DevSta NonFatalErr", flag(devSta, "NonFatalErr"), dv.nonFatalErrorDetected());
                check(diffs, "DevSta FatalErr", flag(devSta, "FatalErr"), dv.fatalErrorDetected());
                check(diffs, "DevSta UnsupReq", flag(devSta, "UnsupReq"), dv.unsupportedRequestDetected());
                check(diffs, "DevSta AuxPwr", flag(devSta, "AuxPwr"), dv.auxPowerDetected());
                check(diffs, "DevSta TransPend", flag(devSta, "TransPend"), dv.transactionsPending());
            }
        }
        String lnkCap = detail(c, "LnkCap:");
        check(diffs, "link registers present", lnkCap != null || devCap == null, e.link().isPresent() || devCap == null);
        if (lnkCap != null && e.link().isPresent()) {
            PciExpress.Link k = e.link().get();
            Matcher lc = LNKCAP.matcher(lnkCap);
            if (!lc.find()) {
                diffs.add("LnkCap: unrecognised lspci text: " + lnkCap);
            } else {
                check(diffs, "LnkCap port", Integer.parseInt(lc.group(1)), k.portNumber());
                check(diffs, "LnkCap speed", lc.group(2), LinkSpeed.labelOf(k.maxSpeedCode()));
                check(diffs, "LnkCap width", Integer.parseInt(lc.group(3)), k.maxWidth());
                check(diffs, "LnkCap ASPM", lc.group(4), k.aspmSupportLabel());
                List<String> lat = new ArrayList<>();
                if ((k.aspmSupport() & 1) != 0) {
                    lat.add("L0s " + k.l0sExitLatency());
                }
                if ((k.aspmSupport() & 2) != 0) {
                    lat.add("L1 " + k.l1ExitLatency());
                }
                check(diffs, "LnkCap exit latency", lc.group(5) == null ? "" : lc.group(5), String.join(", ", lat));
            }
            String lnkCtl = detail(c, "LnkCtl:");
            Matcher lt = lnkCtl == null ? null : LNKCTL.matcher(lnkCtl);
            check(diffs, "LnkCtl ASPM", lt != null && lt.find() ? lt.group(1) : "?", k.aspmControlLabel());
            String lnkSta = detail(c, "LnkSta:");
            Matcher ls = lnkSta == null ? null : LNKSTA.matcher(lnkSta);
            if (ls == null || !ls.find()) {
                diffs.add("LnkSta: unrecognised lspci text: " + lnkSta);
            } else {
                check(diffs, "LnkSta speed", ls.group(1), LinkSpeed.labelOf(k.speedCode()));
                check(diffs, "LnkSta speed flag", ls.group(2) == null ? "" : ls.group(2).trim(),
                        k.speedOverdriven() ? "(overdriven)" : k.speedDowngraded() ? "(downgraded)" : "");
                check(diffs, "LnkSta width", Integer.parseInt(ls.group(3)), k.width());
                check(diffs, "LnkSta width flag", ls.group(4) == null ? "" : ls.group(4).trim(),
                        k.widthOverdriven() ? "(overdriven)" : k.widthDowngraded() ? "(downgraded)" : "");
            }
            String dl = detailContaining(c, "DLActive");
            check(diffs, "LnkSta DLActive", dl == null ? "?" : String.valueOf(flag(dl, "DLActive")), String.valueOf(k.dataLinkActive()));
        }
        String lnkCap2 = detail(c, "LnkCap2:");
        if (lnkCap2 != null) {
            Matcher m2 = LNKCAP2.matcher(lnkCap2);
            String theirs = m2.find() ? m2.group(1) : "?";
            check(diffs, "LnkCap2 speeds", theirs, e.linkCap2().isPresent() ? lnkCap2Label(e.supportedSpeedsVector(), theirs) : "absent");
        } else if (e.linkCap2().isPresent() && e.linkCap2().getAsInt() != 0 && bdf.device() == 0 && bdf.function() == 0
                && detail(c, "DevCap2:") != null) {
            diffs.add("LnkCap2: decoder has " + hex(e.linkCap2().getAsInt()) + ", lspci printed none");
        }
    }

    /**
     * LnkCap2 speeds as pciutils prints them: the range up to the highest bit. 3.9.0 prints
     * "RsvdP" for bits 5-6 (64 GT/s and above), later versions "2.5-64GT/s" for bit 5.
     */
    static String lnkCap2Label(int vector, String lspciSaid) {
        if ((vector & 0x40) != 0) {
            return "RsvdP";
        }
        if ((vector & 0x20) != 0) {
            return "RsvdP".equals(lspciSaid) ? "RsvdP" : "2.5-64GT/s";
        }
        for (int bit = 4; bit >= 1; bit--) {
            if ((vector & (1 << bit)) != 0) {
                return "2.5-" + LinkSpeed.fromCode(bit + 1).label();
            }
        }
        return (vector & 1) != 0 ? "2.5GT/s" : "Unknown";
    }

    private static final Pattern MSI = Pattern.compile("^MSI: Enable([+-]) Count=(\\d+)/(\\d+) Maskable([+-]) 64bit([+-])");
    private static final Pattern MSIX = Pattern.compile("^MSI-X: Enable([+-]) Count=(\\d+) Masked([+-])");

    private void compareMsi(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        LspciText.Cap c = l.first(x -> !x.extended() && x.title().startsWith("MSI: "));
        check(diffs, "MSI present", c != null, cs.msi().isPresent());
        if (c != null && cs.msi().isPresent()) {
            Msi msi = cs.msi().get();
            Matcher m = MSI.matcher(c.title());
            check(diffs, "MSI", m.find() ? m.group(1) + " " + m.group(2) + "/" + m.group(3) + " " + m.group(4) + " " + m.group(5) : c.title(),
                    pm(msi.enabled()) + " " + msi.vectorsEnabled() + "/" + msi.vectorsCapable() + " " + pm(msi.perVectorMasking()) + " " + pm(msi.address64()));
        }
        LspciText.Cap x = l.first(y -> !y.extended() && y.title().startsWith("MSI-X: "));
        check(diffs, "MSI-X present", x != null, cs.msix().isPresent());
        if (x != null && cs.msix().isPresent()) {
            MsiX msix = cs.msix().get();
            Matcher m = MSIX.matcher(x.title());
            check(diffs, "MSI-X", m.find() ? m.group(1) + " " + m.group(2) + " " + m.group(3) : x.title(),
                    pm(msix.enabled()) + " " + msix.tableSize() + " " + pm(msix.functionMasked()));
        }
    }

    private void comparePm(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        LspciText.Cap c = l.first(x -> !x.extended() && x.title().startsWith("Power Management version "));
        check(diffs, "PM present", c != null, cs.powerManagement().isPresent());
        if (c != null && cs.powerManagement().isPresent()) {
            PowerManagement pm = cs.powerManagement().get();
            check(diffs, "PM version", c.title().substring("Power Management version ".length()).trim(), String.valueOf(pm.version()));
            String st = detail(c, "Status: D");
            if (st != null) {
                check(diffs, "PM state", st.substring("Status: D".length(), "Status: D".length() + 1),
                        pm.powerState().isPresent() ? String.valueOf(pm.powerState().getAsInt()) : "absent");
            }
        }
    }

    private void compareAer(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        LspciText.Cap c = l.first(x -> x.extended() && x.title().startsWith("Advanced Error Reporting"));
        boolean lspciRegs = c != null && detail(c, "UESta:") != null;
        check(diffs, "AER registers", lspciRegs, cs.aer().isPresent());
        if (!lspciRegs || cs.aer().isEmpty()) {
            return;
        }
        Aer a = cs.aer().get();
        checkBits(diffs, "AER UESta", detail(c, "UESta:"), Aer.UNCORRECTABLE_BITS, a.uncorrectableStatus());
        checkBits(diffs, "AER UEMsk", detail(c, "UEMsk:"), Aer.UNCORRECTABLE_BITS, a.uncorrectableMask());
        checkBits(diffs, "AER UESvrt", detail(c, "UESvrt:"), Aer.UNCORRECTABLE_BITS, a.uncorrectableSeverity());
        checkBits(diffs, "AER CESta", detail(c, "CESta:"), Aer.CORRECTABLE_BITS, a.correctableStatus());
        checkBits(diffs, "AER CEMsk", detail(c, "CEMsk:"), Aer.CORRECTABLE_BITS, a.correctableMask());
    }

    private void checkBits(List<String> diffs, String what, String line, Map<String, Integer> names, int value) {
        if (line == null) {
            diffs.add(what + ": lspci printed no such line");
            return;
        }
        StringBuilder theirs = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            theirs.append(e.getKey()).append(pm(flag(line, e.getKey()))).append(' ');
            ours.append(e.getKey()).append(pm((value & (1 << e.getValue())) != 0)).append(' ');
        }
        check(diffs, what, theirs.toString().trim(), ours.toString().trim());
    }

    private void compareLtr(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        LspciText.Cap c = l.first(x -> x.extended() && x.title().startsWith("Latency Tolerance Reporting"));
        if (c == null || detail(c, "Max snoop latency:") == null) {
            check(diffs, "LTR registers", false, c == null ? false : cs.ltr().isPresent());
            return;
        }
        check(diffs, "LTR registers", true, cs.ltr().isPresent());
        if (cs.ltr().isEmpty()) {
            return;
        }
        Ltr t = cs.ltr().get();
        if (t.maxSnoopLatencyNs().isPresent()) {
            check(diffs, "LTR max snoop", number(detail(c, "Max snoop latency:")), t.maxSnoopLatencyNs().getAsLong() + "");
        }
        if (t.maxNoSnoopLatencyNs().isPresent()) {
            check(diffs, "LTR max no snoop", number(detail(c, "Max no snoop latency:")), t.maxNoSnoopLatencyNs().getAsLong() + "");
        }
    }

    private void compareL1pm(List<String> diffs, LspciText.Device l, ConfigSpace cs) {
        LspciText.Cap c = l.first(x -> x.extended() && x.title().startsWith("L1 PM Substates"));
        String cap = c == null ? null : detail(c, "L1SubCap:");
        check(diffs, "L1 PM Substates registers", cap != null, cap == null ? (c != null && cs.l1PmSubstates().isPresent()) : cs.l1PmSubstates().isPresent());
        if (cap == null || cs.l1PmSubstates().isEmpty()) {
            return;
        }
        L1PmSubstates s = cs.l1PmSubstates().get();
        String theirs = String.join(" ", pm(flag(cap, "PCI-PM_L1.2")), pm(flag(cap, "PCI-PM_L1.1")),
                pm(flag(cap, "ASPM_L1.2")), pm(flag(cap, "ASPM_L1.1")), pm(flag(cap, "L1_PM_Substates")));
        String ours = String.join(" ", pm(s.pciPmL12Supported()), pm(s.pciPmL11Supported()),
                pm(s.aspmL12Supported()), pm(s.aspmL11Supported()), pm(s.substatesSupported()));
        check(diffs, "L1SubCap", theirs, ours);
        String ctl = detail(c, "L1SubCtl1:");
        if (ctl != null) {
            check(diffs, "L1SubCtl1", String.join(" ", pm(flag(ctl, "PCI-PM_L1.2")), pm(flag(ctl, "PCI-PM_L1.1")),
                    pm(flag(ctl, "ASPM_L1.2")), pm(flag(ctl, "ASPM_L1.1"))),
                    String.join(" ", pm(s.pciPmL12Enabled()), pm(s.pciPmL11Enabled()), pm(s.aspmL12Enabled()), pm(s.aspmL11Enabled())));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void check(List<String> diffs, String field, Object lspciValue, Object ours) {
        fieldsCompared++;
        if (!Objects.equals(String.valueOf(lspciValue), String.valueOf(ours))) {
            diffs.add(field + ": lspci " + lspciValue + ", decoder " + ours);
        }
    }

    private static String detail(LspciText.Cap c, String prefix) {
        for (String s : c.details()) {
            if (s.startsWith(prefix)) {
                return s;
            }
        }
        return null;
    }

    private static String detailContaining(LspciText.Cap c, String text) {
        for (String s : c.details()) {
            if (s.contains(text)) {
                return s;
            }
        }
        return null;
    }

    private static final Map<String, Pattern> FLAGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The +/- after a flag name in lspci text; false when the name is absent. */
    static boolean flag(String line, String name) {
        Pattern p = FLAGS.computeIfAbsent(name, n -> Pattern.compile("(?:^|[\\s:;,])" + Pattern.quote(n) + "([+-])"));
        Matcher m = p.matcher(line);
        return m.find() && m.group(1).equals("+");
    }

    private static String number(String line) {
        Matcher m = Pattern.compile("(\\d+)ns").matcher(line == null ? "" : line);
        return m.find() ? m.group(1) : "?";
    }

    private static String pm(boolean b) {
        return b ? "+" : "-";
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
