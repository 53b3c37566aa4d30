package ax650n.tuning.host;

import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.irq.InterruptsFormatException;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.KernelChoice;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything the program knows about a host, read once through one {@link SysRoot}. Planning and
 * diagnosis are pure functions of a snapshot (and the configuration).
 *
 * <p>Required files ({@code /sys/devices/system/cpu/online}, {@code /proc/interrupts}, a PCI
 * device's {@code vendor}/{@code device}/{@code class}) that are missing or malformed make
 * {@link #read} fail with a {@link HostReadException} naming the path; everything else is
 * optional and simply absent from the snapshot. The parts are read by {@link CpuReader} (CPUs,
 * cpufreq, idle states), {@link PciReader} (PCI devices), {@link IrqbalanceUnit} (how systemd
 * starts irqbalance) and {@link GovernorSetters}; text the rules need typed (AER counters,
 * irqbalance's expanded command line) is parsed here or in pci/, never in diag/.
 */
public record HostSnapshot(String kernelRelease, Optional<String> boardModel, List<String> compatible,
                           CpuTopology cpus, List<PciDevice> pciDevices, Interrupts interrupts,
                           Map<Integer, IrqAffinity> irqAffinities, List<ProcessInfo> processes,
                           Optional<String> aspmPolicyLine, List<Devfreq> devfreq, IrqbalanceUnit irqbalance,
                           List<GovernorSetter> governorSetters) {
    public static final String PCI_DEVICES = "/sys/bus/pci/devices";
    public static final String CPU_DIR = "/sys/devices/system/cpu";
    public static final String ASPM_POLICY = "/sys/module/pcie_aspm/parameters/policy";
    /** Our boot-scoped drop-in that makes irqbalance leave the card's IRQs alone. */
    public static final String IRQBALANCE_DROPIN = IrqbalanceUnit.DROPIN;

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
        Optional<String> modelText = root.readOptional("/proc/device-tree/model");
        Optional<String> model = modelText.isPresent() ? Optional.of(firstNulString(modelText.get())) : Optional.empty();
        Optional<String> compatText = root.readOptional("/proc/device-tree/compatible");
        List<String> compat = new ArrayList<>();
        if (compatText.isPresent()) {
            for (String x : compatText.get().split("\0")) {
                if (!x.isEmpty()) {
                    compat.add(x);
                }
            }
        }
        CpuTopology cpus = CpuReader.read(root);
        List<PciDevice> pci = PciReader.readAll(root);
        Interrupts irqs = readInterrupts(root);
        Map<Integer, IrqAffinity> aff = readAffinities(root, irqs);
        List<ProcessInfo> procs = readProcesses(root);
        Optional<String> aspm = root.readOptional(ASPM_POLICY);
        List<Devfreq> devfreq = readDevfreq(root);
        IrqbalanceUnit irqbalance = IrqbalanceUnit.read(root);
        List<GovernorSetter> setters = GovernorSetters.read(root);
        return new HostSnapshot(kernel, model, compat, cpus, pci, irqs, aff, procs, aspm, devfreq, irqbalance, setters);
    }

    private static String firstNulString(String s) {
        int z = s.indexOf('\0');
        return z < 0 ? s : s.substring(0, z);
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
            Optional<String> stat = root.readOptional("/proc/" + p + "/stat");
            OptionalInt cpu = stat.isPresent() ? lastCpuFromStat(stat.get()) : OptionalInt.empty();
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
            List<String> avail = CpuReader.words(root.readOptional(dir + "/available_governors"));
            out.add(new Devfreq(n, gov.get().trim(), avail));
        }
        return out;
    }

    // ---- queries -----------------------------------------------------------------------

    public Optional<PciDevice> device(Bdf bdf) {
        for (PciDevice d : pciDevices) {
            if (d.bdf().compareTo(bdf) == 0) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The port directly above a device, when the snapshot holds it. */
    public Optional<PciDevice> upstreamOf(PciDevice d) {
        Optional<Bdf> up = d.upstreamPort();
        return up.isPresent() ? device(up.get()) : Optional.empty();
    }

    /** The AER counters sysfs keeps for a device (see {@link AerCounters}); empty when it has none. */
    public Optional<AerCounters> aerCounters(PciDevice d) {
        return AerCounters.of(d);
    }

    public Optional<IrqAffinity> affinity(int irq) {
        return Optional.ofNullable(irqAffinities.get(irq));
    }

    /** The last non-empty {@code ExecStart=} of irqbalance's unit, unexpanded. */
    public Optional<String> irqbalanceExecStart() {
        return irqbalance.execStart();
    }

    /** The text of our irqbalance drop-in, when present. */
    public Optional<String> irqbalanceDropin() {
        return irqbalance.dropin();
    }

    public boolean irqbalanceRunning() {
        for (ProcessInfo p : processes) {
            if (p.comm().equals("irqbalance")) {
                return true;
            }
        }
        return false;
    }

    public Optional<ProcessInfo> irqThread(int irq) {
        for (ProcessInfo p : processes) {
            OptionalInt of = p.irqThreadOf();
            if (of.isPresent() && of.getAsInt() == irq) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The active {@code pcie_aspm} policy (the bracketed word), when the kernel exposes it. */
    public Optional<String> aspmPolicy() {
        return aspmPolicyLine.isPresent() ? KernelChoice.active(aspmPolicyLine.get()) : Optional.empty();
    }

    /** The other programs that set governors at boot and are enabled (see {@link GovernorSetters}). */
    public List<GovernorSetter> enabledGovernorSetters() {
        List<GovernorSetter> out = new ArrayList<>();
        for (GovernorSetter g : governorSetters) {
            if (g.enabled()) {
                out.add(g);
            }
        }
        return List.copyOf(out);
    }

    public Optional<Devfreq> devfreq(String name) {
        for (Devfreq d : devfreq) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
