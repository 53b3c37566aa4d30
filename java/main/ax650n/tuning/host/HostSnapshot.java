package ax650n.tuning.host;

import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.irq.InterruptsFormatException;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.Header;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Ascii;
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
 * <p>A snapshot holds what its {@link HostScope} asks for: every PCI device's address and ids
 * ({@link #pciIds}), but in full ({@link #pciDevices}) only the cards and the bridges above
 * them, the affinities of the cards' IRQs only, and only the processes the command needs.
 *
 * <p>Required files ({@code /sys/devices/system/cpu/online}, {@code /proc/interrupts}, a PCI
 * device's {@code vendor}/{@code device}, and the {@code class} of a device read in full) that
 * are missing or malformed make {@link #read} fail with a {@link HostReadException} naming the
 * path; everything else is optional and simply absent from the snapshot. The parts are read by
 * {@link CpuReader} (CPUs, cpufreq, idle states), {@link PciReader} (PCI devices),
 * {@link ProcessInfo} (irqbalance, IRQ threads), {@link IrqbalanceUnit} (how systemd starts
 * irqbalance) and {@link GovernorSetters}; text the rules need typed (AER counters,
 * irqbalance's expanded command line) is parsed here or in pci/, never in diag/.
 */
public record HostSnapshot(String kernelRelease, Optional<String> boardModel, List<String> compatible,
                           CpuTopology cpus, List<PciId> pciIds, List<PciDevice> pciDevices, Interrupts interrupts,
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
        pciIds = List.copyOf(pciIds);
        pciDevices = List.copyOf(pciDevices);
        irqAffinities = Map.copyOf(irqAffinities);
        processes = List.copyOf(processes);
        devfreq = List.copyOf(devfreq);
        governorSetters = List.copyOf(governorSetters);
    }

    /**
     * Reads what {@code scope} asks for: every device's ids, the cards and the bridges above
     * them in full, the affinities of the cards' IRQs, the processes the scope needs
     * ({@link ProcessInfo#read}) and irqbalance's unit where {@link HostScope.Irqbalance} says;
     * the CPUs, /proc/interrupts and the other host files always.
     */
    public static HostSnapshot read(SysRoot root, HostScope scope) throws IOException {
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
        PciReader.Devices pci = PciReader.read(root, scope);
        Interrupts irqs = readInterrupts(root);
        List<Integer> cardIrqs = new ArrayList<>();
        boolean cardFound = false;
        for (PciDevice d : pci.devices()) {
            if (scope.isCard(d.vendor(), d.device())) {
                cardFound = true;
                addIrqs(d, cardIrqs);
            }
        }
        Map<Integer, IrqAffinity> aff = scope.everyDevice() ? readAffinities(root) : readAffinities(root, cardIrqs);
        boolean irqbalance = scope.irqbalance() == HostScope.Irqbalance.NEEDED
                || scope.irqbalance() == HostScope.Irqbalance.WITH_A_CARD && cardFound;
        List<ProcessInfo> procs = ProcessInfo.read(root, irqbalance, scope.irqThreads() && scope.everyDevice(),
                scope.irqThreads() ? cardIrqs : List.of());
        Optional<String> aspm = root.readOptional(ASPM_POLICY);
        List<Devfreq> devfreq = readDevfreq(root);
        // the planner reads the unit only to ban irqbalance from a card's IRQs: when it runs
        IrqbalanceUnit irqbalanceUnit = scope.irqbalance() == HostScope.Irqbalance.NEEDED
                || irqbalance && runs(procs, "irqbalance") ? IrqbalanceUnit.read(root) : NO_UNIT;
        List<GovernorSetter> setters = GovernorSetters.read(root);
        return new HostSnapshot(kernel, model, compat, cpus, pci.ids(), pci.devices(), irqs, aff, procs, aspm, devfreq,
                irqbalanceUnit, setters);
    }

    /** irqbalance's unit where it was not read: no ExecStart=, no drop-in, no environment. */
    private static final IrqbalanceUnit NO_UNIT = new IrqbalanceUnit(Optional.empty(), Optional.empty(), Map.of());

    private static boolean runs(List<ProcessInfo> procs, String comm) {
        for (ProcessInfo p : procs) {
            if (p.comm().equals(comm)) {
                return true;
            }
        }
        return false;
    }

    /** A device's MSI IRQs and its legacy IRQ, each once. */
    private static void addIrqs(PciDevice d, List<Integer> out) {
        for (int irq : d.msiIrqs()) {
            if (!out.contains(irq)) {
                out.add(irq);
            }
        }
        if (d.legacyIrq().isPresent() && !out.contains(d.legacyIrq().getAsInt())) {
            out.add(d.legacyIrq().getAsInt());
        }
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

    /** The affinities of every IRQ under /proc/irq. */
    static Map<Integer, IrqAffinity> readAffinities(SysRoot root) throws IOException {
        Map<Integer, IrqAffinity> m = new TreeMap<>();
        for (String n : root.list("/proc/irq")) {
            int irq = Ascii.decimal(n);
            if (irq >= 0) {
                m.put(irq, readAffinity(root, irq));
            }
        }
        return m;
    }

    /** The affinities of these IRQs, each that has a /proc/irq/N (not listing the others). */
    static Map<Integer, IrqAffinity> readAffinities(SysRoot root, List<Integer> irqs) throws IOException {
        Map<Integer, IrqAffinity> m = new TreeMap<>();
        for (int irq : irqs) {
            IrqAffinity a = readAffinity(root, irq);
            if (a.affinity().isPresent() || a.effective().isPresent() || root.exists("/proc/irq/" + irq)) {
                m.put(irq, a);
            }
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

    // ---- devfreq -----------------------------------------------------------------------

    static List<Devfreq> readDevfreq(SysRoot root) throws IOException {
        List<Devfreq> out = new ArrayList<>();
        for (String n : root.list("/sys/class/devfreq")) {
            if (!Ascii.isName(n)) { // [A-Za-z0-9._-]+: one path component
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

    /** A PCI device's address and ids; the snapshot holds one for every device the host lists. */
    public record PciId(Bdf bdf, int vendor, int device) {
        /** {@code vvvv:dddd}. */
        public String id() {
            return Header.id(vendor, device);
        }
    }

    /** The ids of any device the host lists, also of one not read in full (see {@link HostScope}). */
    public Optional<PciId> pciId(Bdf bdf) {
        for (PciId d : pciIds) {
            if (d.bdf().compareTo(bdf) == 0) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** A device read in full: a card of the snapshot's {@link HostScope} or a bridge above one. */
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
        return runs(processes, "irqbalance");
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
