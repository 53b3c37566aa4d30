package ax650n.tuning.host;

import ax650n.tuning.cpu.CpuInfo;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.cpu.IdleState;
import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.irq.InterruptsFormatException;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.KernelChoice;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Everything the program knows about a host, read once through one {@link SysRoot}. Planning and
 * diagnosis are pure functions of a snapshot (and the configuration).
 *
 * <p>Required files ({@code /sys/devices/system/cpu/online}, {@code /proc/interrupts}, a PCI
 * device's {@code vendor}/{@code device}/{@code class}) that are missing or malformed make
 * {@link #read} fail with a {@link HostReadException} naming the path; everything else is
 * optional and simply absent from the snapshot.
 */
public record HostSnapshot(String kernelRelease, Optional<String> boardModel, List<String> compatible,
                           CpuTopology cpus, List<PciDevice> pciDevices, Interrupts interrupts,
                           Map<Integer, IrqAffinity> irqAffinities, List<ProcessInfo> processes,
                           Optional<String> aspmPolicyLine, List<Devfreq> devfreq,
                           Optional<String> irqbalanceExecStart, Optional<String> irqbalanceDropin,
                           List<GovernorSetter> governorSetters) {
    public static final String PCI_DEVICES = "/sys/bus/pci/devices";
    public static final String CPU_DIR = "/sys/devices/system/cpu";
    public static final String ASPM_POLICY = "/sys/module/pcie_aspm/parameters/policy";
    /** Our boot-scoped drop-in that makes irqbalance leave the card's IRQs alone. */
    public static final String IRQBALANCE_DROPIN = "/run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf";
    /** Where irqbalance's unit may live, highest precedence first. */
    static final List<String> IRQBALANCE_UNITS = List.of("/etc/systemd/system/irqbalance.service",
            "/lib/systemd/system/irqbalance.service", "/usr/lib/systemd/system/irqbalance.service");

    public HostSnapshot {
        compatible = List.copyOf(compatible);
        pciDevices = List.copyOf(pciDevices);
        irqAffinities = Map.copyOf(irqAffinities);
        processes = List.copyOf(processes);
        devfreq = List.copyOf(devfreq);
        governorSetters = List.copyOf(governorSetters);
    }

    public static HostSnapshot read(SysRoot root) throws IOException {
        String kernel = root.readOptional("/proc/sys/kernel/osrelease").orElse("unknown");
        Optional<String> model = root.readOptional("/proc/device-tree/model").map(HostSnapshot::firstNulString);
        List<String> compat = root.readOptional("/proc/device-tree/compatible")
                .map(s -> Arrays.stream(s.split("\0")).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
        CpuTopology cpus = readCpus(root);
        List<PciDevice> pci = readPci(root);
        Interrupts irqs = readInterrupts(root);
        Map<Integer, IrqAffinity> aff = readAffinities(root, irqs);
        List<ProcessInfo> procs = readProcesses(root);
        Optional<String> aspm = root.readOptional(ASPM_POLICY);
        List<Devfreq> devfreq = readDevfreq(root);
        Optional<String> execStart = Optional.empty();
        for (String unit : IRQBALANCE_UNITS) {
            Optional<String> text = root.readOptional(unit);
            if (text.isPresent()) {
                execStart = lastExecStart(text.get());
                break;
            }
        }
        Optional<String> dropin = root.readOptional(IRQBALANCE_DROPIN);
        List<GovernorSetter> setters = GovernorSetters.read(root);
        return new HostSnapshot(kernel, model, compat, cpus, pci, irqs, aff, procs, aspm, devfreq, execStart, dropin,
                setters);
    }

    /** The command of the last non-empty {@code ExecStart=} of a unit file (or drop-in). */
    public static Optional<String> lastExecStart(String unit) {
        Optional<String> last = Optional.empty();
        for (String line : unit.split("\n")) {
            String l = line.strip();
            if (l.startsWith("ExecStart=")) {
                String v = l.substring("ExecStart=".length()).strip();
                last = v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return last;
    }

    private static String firstNulString(String s) {
        int z = s.indexOf('\0');
        return z < 0 ? s : s.substring(0, z);
    }

    // ---- CPUs --------------------------------------------------------------------------

    static CpuTopology readCpus(SysRoot root) throws IOException {
        String onlinePath = CPU_DIR + "/online";
        if (!root.exists(onlinePath)) {
            throw new HostReadException(onlinePath, "missing (is this a Linux sysfs tree?)");
        }
        CpuSet online = cpuList(root, onlinePath);
        if (online.isEmpty()) {
            throw new HostReadException(onlinePath, "lists no online CPU");
        }
        List<CpufreqPolicy> policies = new ArrayList<>();
        Map<Integer, String> policyOf = new TreeMap<>();
        for (String name : root.list(CPU_DIR + "/cpufreq")) {
            if (!name.matches("policy\\d+")) {
                continue;
            }
            String dir = CPU_DIR + "/cpufreq/" + name;
            String relatedPath = root.exists(dir + "/related_cpus") ? dir + "/related_cpus" : dir + "/affected_cpus";
            if (!root.exists(relatedPath)) {
                continue; // a policy of an offline cluster keeps its directory but not always its files
            }
            CpuSet related = cpuSpaced(root, relatedPath);
            OptionalLong max = longOpt(root, dir + "/cpuinfo_max_freq", "a frequency in kHz");
            Optional<String> gov = root.readOptional(dir + "/scaling_governor");
            List<String> avail = root.readOptional(dir + "/scaling_available_governors")
                    .map(s -> Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList())
                    .orElse(List.of());
            Optional<String> driver = root.readOptional(dir + "/scaling_driver");
            policies.add(new CpufreqPolicy(name, related, max, gov, avail, driver));
            for (int c : related.toArray()) {
                policyOf.put(c, name);
            }
        }
        List<CpuInfo> cpus = new ArrayList<>();
        for (int c : online.toArray()) {
            String dir = CPU_DIR + "/cpu" + c;
            OptionalLong cap = longOpt(root, dir + "/cpu_capacity", "a CPU capacity");
            List<IdleState> idle = new ArrayList<>();
            for (String st : root.list(dir + "/cpuidle")) {
                if (!st.matches("state\\d+")) {
                    continue;
                }
                String sd = dir + "/cpuidle/" + st;
                // the kernel numbers a CPU's idle states from 0 and has at most CPUIDLE_STATE_MAX (10)
                if (!st.matches("state\\d{1,3}")) {
                    throw new HostReadException(sd, "not a cpuidle state directory (the kernel numbers them 0-9)");
                }
                int idx = Integer.parseInt(st.substring(5));
                String name = root.readOptional(sd + "/name").orElse(st);
                long lat = longOpt(root, sd + "/latency", "a latency in microseconds").orElse(0);
                boolean dis = root.readOptional(sd + "/disable").map(s -> !s.trim().equals("0")).orElse(false);
                idle.add(new IdleState(c, idx, name, lat, dis));
            }
            idle.sort((a, b) -> Integer.compare(a.index(), b.index()));
            cpus.add(new CpuInfo(c, cap, Optional.ofNullable(policyOf.get(c)), idle));
        }
        return new CpuTopology(online, cpus, policies);
    }

    private interface CpuSetParser {
        CpuSet parse(String text) throws CpuSetFormatException;
    }

    private static CpuSet cpuList(SysRoot root, String path) throws IOException {
        return cpus(root, path, CpuSet::parseList);
    }

    private static CpuSet cpuSpaced(SysRoot root, String path) throws IOException {
        return cpus(root, path, CpuSet::parseSpaced);
    }

    private static CpuSet cpus(SysRoot root, String path, CpuSetParser parser) throws IOException {
        String text = root.readString(path);
        try {
            return parser.parse(text);
        } catch (CpuSetFormatException e) {
            throw new HostReadException(path, e.getMessage(), e);
        }
    }

    /**
     * An optional non-negative decimal attribute. Anything else (a sign, a fraction, a value that
     * does not fit 63 bits) is a host-data error naming the file and the value, never a guess.
     */
    static OptionalLong longOpt(SysRoot root, String path, String what) throws HostReadException {
        Optional<String> s = root.readOptional(path);
        if (s.isEmpty() || s.get().isBlank()) {
            return OptionalLong.empty();
        }
        String v = s.get().strip();
        if (!v.matches("[0-9]+")) {
            throw new HostReadException(path, "not " + what + " (a whole number >= 0): '" + Printable.clip(v) + "'");
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new HostReadException(path, "not " + what + " (too large): '" + Printable.clip(v) + "'");
        }
    }

    // ---- PCI ---------------------------------------------------------------------------

    /** sysfs attributes read as text, beyond the ids. */
    static final List<String> PCI_TEXT_ATTRIBUTES = List.of("current_link_speed", "current_link_width",
            "max_link_speed", "max_link_width", "aer_dev_correctable", "aer_dev_nonfatal", "aer_dev_fatal");

    static List<PciDevice> readPci(SysRoot root) throws IOException {
        List<PciDevice> out = new ArrayList<>();
        for (String name : root.list(PCI_DEVICES)) {
            Bdf bdf;
            try {
                bdf = Bdf.parse(name);
            } catch (BdfFormatException e) {
                continue; // not a device entry
            }
            out.add(readDevice(root, bdf));
        }
        return out;
    }

    /** Reads one device; the BDF is validated, so the path cannot leave /sys/bus/pci/devices. */
    public static PciDevice readDevice(SysRoot root, Bdf bdf) throws IOException {
        String dir = PCI_DEVICES + "/" + bdf;
        if (!root.exists(dir)) {
            throw new HostReadException(dir, "no such PCI device");
        }
        String real = root.realPath(dir);
        int vendor = hexAttr(root, dir + "/vendor");
        int device = hexAttr(root, dir + "/device");
        int cls = hexAttr(root, dir + "/class");
        int rev = root.exists(dir + "/revision") ? hexAttr(root, dir + "/revision") : 0;
        int sv = root.exists(dir + "/subsystem_vendor") ? hexAttr(root, dir + "/subsystem_vendor") : 0;
        int sd = root.exists(dir + "/subsystem_device") ? hexAttr(root, dir + "/subsystem_device") : 0;
        Optional<String> driver = root.readLink(dir + "/driver").map(t -> t.substring(t.lastIndexOf('/') + 1));
        List<Integer> msi = new ArrayList<>();
        for (String n : root.list(dir + "/msi_irqs")) {
            if (n.matches("\\d{1,9}")) {
                msi.add(Integer.parseInt(n));
            }
        }
        msi.sort(Integer::compare);
        OptionalInt legacy = OptionalInt.empty();
        Optional<String> irq = root.readOptional(dir + "/irq");
        if (irq.isPresent() && irq.get().trim().matches("\\d{1,9}")) {
            legacy = OptionalInt.of(Integer.parseInt(irq.get().trim()));
        }
        List<Bdf> parents = new ArrayList<>();
        for (String part : real.split("/")) {
            if (Bdf.isValid(part)) {
                try {
                    parents.add(Bdf.parse(part));
                } catch (BdfFormatException e) {
                    throw new AssertionError(e);
                }
            }
        }
        if (!parents.isEmpty() && parents.get(parents.size() - 1).equals(bdf)) {
            parents.remove(parents.size() - 1);
        }
        byte[] config = new byte[0];
        if (root.exists(dir + "/config")) {
            try {
                config = root.readConfigSpace(dir + "/config");
            } catch (IOException e) {
                config = new byte[0]; // reported by diagnose as "config space unreadable"
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : PCI_TEXT_ATTRIBUTES) {
            root.readOptional(dir + "/" + a).ifPresent(v -> attrs.put(a, v));
        }
        return new PciDevice(bdf, real, vendor, device, cls, rev, sv, sd, driver, msi, legacy, parents, config, attrs);
    }

    private static int hexAttr(SysRoot root, String path) throws IOException {
        if (!root.exists(path)) {
            throw new HostReadException(path, "missing");
        }
        String s = root.readString(path).trim();
        if (!s.matches("0x[0-9a-fA-F]{1,8}")) {
            throw new HostReadException(path, "not a hex value: '" + Printable.clip(s) + "'");
        }
        return (int) Long.parseLong(s.substring(2), 16);
    }

    // ---- IRQs --------------------------------------------------------------------------

    static Interrupts readInterrupts(SysRoot root) throws IOException {
        String path = "/proc/interrupts";
        if (!root.exists(path)) {
            throw new HostReadException(path, "missing");
        }
        try {
            return Interrupts.parse(root.readString(path));
        } catch (InterruptsFormatException e) {
            throw new HostReadException(path, e.getMessage(), e);
        }
    }

    static Map<Integer, IrqAffinity> readAffinities(SysRoot root, Interrupts irqs) throws IOException {
        Map<Integer, IrqAffinity> m = new TreeMap<>();
        for (String n : root.list("/proc/irq")) {
            if (!n.matches("\\d{1,9}")) {
                continue;
            }
            int irq = Integer.parseInt(n);
            m.put(irq, readAffinity(root, irq));
        }
        return m;
    }

    /** Reads {@code /proc/irq/<N>/smp_affinity_list} and {@code effective_affinity_list}. */
    public static IrqAffinity readAffinity(SysRoot root, int irq) throws IOException {
        Optional<CpuSet> aff = optionalCpuList(root, IrqAffinity.affinityListPath(irq));
        Optional<CpuSet> eff = optionalCpuList(root, IrqAffinity.effectiveListPath(irq));
        return new IrqAffinity(irq, aff, eff);
    }

    private static Optional<CpuSet> optionalCpuList(SysRoot root, String path) throws IOException {
        Optional<String> s = root.readOptional(path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CpuSet.parseList(s.get()));
        } catch (CpuSetFormatException e) {
            throw new HostReadException(path, e.getMessage(), e);
        }
    }

    // ---- processes ---------------------------------------------------------------------

    /**
     * irqbalance and IRQ threads only. Every /proc/<pid>/comm is looked at without being
     * recorded; only the matching processes' comm and stat are recorded, so a captured
     * snapshot holds nothing of other processes.
     */
    static List<ProcessInfo> readProcesses(SysRoot root) throws IOException {
        List<ProcessInfo> out = new ArrayList<>();
        List<String> pids;
        try {
            pids = root.listUnrecorded("/proc");
        } catch (IOException e) {
            return out;
        }
        for (String p : pids) {
            if (!p.matches("\\d{1,9}")) {
                continue;
            }
            Optional<String> comm = root.readUnrecorded("/proc/" + p + "/comm");
            if (comm.isEmpty()) {
                continue;
            }
            String c = comm.get();
            if (!c.equals("irqbalance") && !c.startsWith("irq/")) {
                continue;
            }
            Optional<String> recorded = root.readOptional("/proc/" + p + "/comm");
            if (recorded.isEmpty()) {
                continue; // exited meanwhile
            }
            OptionalInt cpu = root.readOptional("/proc/" + p + "/stat").map(HostSnapshot::lastCpuFromStat)
                    .orElse(OptionalInt.empty());
            out.add(new ProcessInfo(Integer.parseInt(p), recorded.get(), cpu));
        }
        return out;
    }

    /** Field 39 of /proc/pid/stat (processor), counted after the ')' that closes comm. */
    static OptionalInt lastCpuFromStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalInt.empty();
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); processor is field 39 -> index 36
        if (f.length <= 36 || !f[36].matches("\\d{1,6}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(f[36]));
    }

    // ---- devfreq -----------------------------------------------------------------------

    static List<Devfreq> readDevfreq(SysRoot root) throws IOException {
        List<Devfreq> out = new ArrayList<>();
        for (String n : root.list("/sys/class/devfreq")) {
            if (!n.matches("[A-Za-z0-9._-]+")) {
                continue;
            }
            String dir = "/sys/class/devfreq/" + n;
            Optional<String> gov = root.readOptional(dir + "/governor");
            if (gov.isEmpty()) {
                continue;
            }
            List<String> avail = root.readOptional(dir + "/available_governors")
                    .map(s -> Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList())
                    .orElse(List.of());
            out.add(new Devfreq(n, gov.get().trim(), avail));
        }
        return out;
    }

    // ---- queries -----------------------------------------------------------------------

    public Optional<PciDevice> device(Bdf bdf) {
        return pciDevices.stream().filter(d -> d.bdf().equals(bdf)).findFirst();
    }

    public Optional<IrqAffinity> affinity(int irq) {
        return Optional.ofNullable(irqAffinities.get(irq));
    }

    public boolean irqbalanceRunning() {
        return processes.stream().anyMatch(p -> p.comm().equals("irqbalance"));
    }

    public Optional<ProcessInfo> irqThread(int irq) {
        return processes.stream().filter(p -> p.irqThreadOf().equals(OptionalInt.of(irq))).findFirst();
    }

    /** The active {@code pcie_aspm} policy (the bracketed word), when the kernel exposes it. */
    public Optional<String> aspmPolicy() {
        return aspmPolicyLine.flatMap(KernelChoice::active);
    }

    /** The other programs that set governors at boot and are enabled (see {@link GovernorSetters}). */
    public List<GovernorSetter> enabledGovernorSetters() {
        return governorSetters.stream().filter(GovernorSetter::enabled).toList();
    }

    public Optional<Devfreq> devfreq(String name) {
        return devfreq.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
