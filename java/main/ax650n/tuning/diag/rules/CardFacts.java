package ax650n.tuning.diag.rules;

import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.Aer;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.ConfigSpace;
import ax650n.tuning.pci.ConfigSpaceException;
import ax650n.tuning.pci.LinkLimit;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.pci.PciExpress;
import ax650n.tuning.pci.PortType;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the card rules know about one card, decoded once: its config space and that of the port
 * above it, its driver, its sysfs AER counters and which CPUs serve its MSI IRQs. Built from a
 * host snapshot ({@link #of(HostSnapshot, PciDevice, boolean, boolean, CpuSet)}) or from a pasted
 * dump ({@link #ofDump}), where driver, counters and IRQs are unknown.
 */
public final class CardFacts {
    /** One MSI IRQ and the CPUs that serve it: the effective affinity, else the requested one. */
    public record ServedIrq(int irq, Optional<CpuSet> servedBy) {
    }

    private final Bdf bdf;
    private final boolean ax;
    private final boolean live;
    private final Optional<String> driver;
    private final int configLength;
    private final Optional<ConfigSpace> config;
    private final Optional<Bdf> upstreamBdf;
    private final Optional<ConfigSpace> upstreamConfig;
    private final Optional<AerCounters> aerCounters;
    private final List<ServedIrq> irqs;
    private final Optional<CpuTopology> cpus;
    private final CpuSet irqCandidates;

    private CardFacts(Bdf bdf, boolean ax, boolean live, Optional<String> driver, byte[] config, Optional<Bdf> upstreamBdf,
                      Optional<byte[]> upstreamConfig, Optional<AerCounters> aerCounters, List<ServedIrq> irqs,
                      Optional<CpuTopology> cpus, CpuSet irqCandidates) {
        this.bdf = bdf;
        this.ax = ax;
        this.live = live;
        this.driver = driver;
        this.configLength = config.length;
        this.config = decode(config);
        this.upstreamBdf = upstreamBdf;
        // the port above is decoded only for a card that answers (else nothing of the link is reported)
        this.upstreamConfig = answering().isPresent() && upstreamConfig.isPresent() ? decode(upstreamConfig.get())
                : Optional.empty();
        this.aerCounters = aerCounters;
        this.irqs = List.copyOf(irqs);
        this.cpus = cpus;
        this.irqCandidates = irqCandidates;
    }

    /** A card of a host snapshot; {@code candidates}: the CPUs the tuning would give its IRQs. */
    public static CardFacts of(HostSnapshot host, PciDevice d, boolean ax, boolean live, CpuSet candidates) {
        Optional<PciDevice> up = host.upstreamOf(d);
        List<ServedIrq> irqs = new ArrayList<>();
        for (int n : d.msiIrqs()) {
            irqs.add(new ServedIrq(n, servedBy(host.affinity(n))));
        }
        return new CardFacts(d.bdf(), ax, live, d.driver(), d.config(), d.upstreamPort(),
                up.isPresent() ? Optional.of(up.get().config()) : Optional.empty(), host.aerCounters(d), irqs,
                Optional.of(host.cpus()), candidates);
    }

    /** A card of a pasted dump, with the bytes of the port above it when the dump holds that port. */
    public static CardFacts ofDump(Bdf bdf, byte[] config, boolean ax, Optional<Bdf> upstreamBdf,
                                   Optional<byte[]> upstreamConfig) {
        return new CardFacts(bdf, ax, false, Optional.empty(), config, upstreamBdf, upstreamConfig, Optional.empty(),
                List.of(), Optional.empty(), CpuSet.empty());
    }

    /** The effective affinity when the kernel shows a non-empty one, else the requested affinity. */
    public static Optional<CpuSet> servedBy(Optional<IrqAffinity> a) {
        if (a.isEmpty()) {
            return Optional.empty();
        }
        Optional<CpuSet> eff = a.get().effective();
        if (eff.isPresent() && !eff.get().isEmpty()) {
            return eff;
        }
        return a.get().affinity();
    }

    private static Optional<ConfigSpace> decode(byte[] bytes) {
        if (bytes.length < ConfigSpace.HEADER_SIZE) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigSpace.decode(bytes));
        } catch (ConfigSpaceException e) {
            throw new AssertionError(e); // length checked above
        }
    }

    public Bdf bdf() {
        return bdf;
    }

    /** The finding subject: the card's BDF. */
    public String subject() {
        return bdf.toString();
    }

    /** The AX650N id (its driver and MaxReadReq rules apply). */
    public boolean ax() {
        return ax;
    }

    /** The running host (not a snapshot or a dump): root can read what was missing. */
    public boolean live() {
        return live;
    }

    public Optional<String> driver() {
        return driver;
    }

    /** Bytes of config space read (0 when unreadable). */
    public int configLength() {
        return configLength;
    }

    /** The card's config space, when at least the header was read. */
    public Optional<ConfigSpace> config() {
        return config;
    }

    /** The card's config space unless it reads all ones (a card that does not answer). */
    public Optional<ConfigSpace> answering() {
        return config.isPresent() && config.get().header().vendorId() != 0xffff ? config : Optional.empty();
    }

    public Optional<Bdf> upstreamBdf() {
        return upstreamBdf;
    }

    /** The config space of the port above (decoded only when the card answers). */
    public Optional<ConfigSpace> upstreamConfig() {
        return upstreamConfig;
    }

    public Optional<PciExpress.Link> cardLink() {
        Optional<ConfigSpace> c = answering();
        return c.isPresent() ? c.get().link() : Optional.empty();
    }

    public Optional<PciExpress.Link> upstreamLink() {
        return upstreamConfig.isPresent() ? upstreamConfig.get().link() : Optional.empty();
    }

    public Optional<PciExpress.Device> cardDevice() {
        return device(answering());
    }

    public Optional<PciExpress.Device> upstreamDevice() {
        return device(upstreamConfig);
    }

    private static Optional<PciExpress.Device> device(Optional<ConfigSpace> c) {
        if (c.isEmpty() || c.get().express().isEmpty()) {
            return Optional.empty();
        }
        return c.get().express().get().device();
    }

    /** The AER capability of the card that answers. */
    public Optional<Aer> aerCapability() {
        Optional<ConfigSpace> c = answering();
        return c.isPresent() ? c.get().aer() : Optional.empty();
    }

    /** The names of the uncorrectable errors whose status bit is set and not masked. */
    public static List<String> unmaskedUncorrectable(Aer a) {
        List<String> unc = new ArrayList<>();
        int unmasked = a.uncorrectableStatus() & ~a.uncorrectableMask();
        for (String name : a.uncorrectableErrors()) {
            if ((unmasked & (1 << Aer.UNCORRECTABLE_BITS.get(name))) != 0) {
                unc.add(name);
            }
        }
        return unc;
    }

    /** "root port" or "upstream port": what the port above is. */
    public String upstreamRole() {
        if (upstreamConfig.isPresent() && upstreamConfig.get().express().isPresent()
                && upstreamConfig.get().express().get().portType() == PortType.ROOT_PORT) {
            return "root port";
        }
        return "upstream port";
    }

    /** How the findings name the port above: "root port 0003:30:00.0", "upstream port …". */
    public String upstreamName() {
        if (upstreamLink().isPresent() && upstreamBdf.isPresent()) {
            return upstreamRole() + " " + upstreamBdf.get();
        }
        return upstreamBdf.isPresent() ? "upstream port " + upstreamBdf.get() : "upstream port";
    }

    /** Which end limits speed and width, when both ends' links were decoded. */
    public Optional<LinkLimit> limit() {
        Optional<PciExpress.Link> c = cardLink();
        Optional<PciExpress.Link> u = upstreamLink();
        return c.isPresent() && u.isPresent() ? Optional.of(LinkLimit.of(c.get(), u.get())) : Optional.empty();
    }

    /** The counters of sysfs aer_dev_* (empty for a dump, or when the kernel has none). */
    public Optional<AerCounters> aerCounters() {
        return aerCounters;
    }

    /** The card's MSI IRQs, ascending (empty for a dump). */
    public List<ServedIrq> irqs() {
        return irqs;
    }

    /** The host's CPUs (empty for a dump). */
    public Optional<CpuTopology> cpus() {
        return cpus;
    }

    /** The CPUs the tuning would give the card's IRQs (empty when the configuration gives none). */
    public CpuSet irqCandidates() {
        return irqCandidates;
    }
}
