package ax650n.tuning.diag;

import ax650n.tuning.cpu.CpuRole;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.diag.Report.Aer;
import ax650n.tuning.diag.Report.CpuCount;
import ax650n.tuning.diag.Report.Irq;
import ax650n.tuning.diag.Report.IrqThread;
import ax650n.tuning.diag.Report.Limit;
import ax650n.tuning.diag.Report.Port;
import ax650n.tuning.diag.rules.CardFacts;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.host.ProcessInfo;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.ConfigSpace;
import ax650n.tuning.pci.LinkBandwidth;
import ax650n.tuning.pci.LinkLimit;
import ax650n.tuning.pci.LinkSpeed;
import ax650n.tuning.pci.PciExpress;
import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The data parts of a report's card (link ends, limit, AER, IRQs), from its {@link CardFacts}. */
final class CardParts {
    private CardParts() {
    }

    /** What of the config space could not be decoded: its size when short, the decoder's findings, what is missing. */
    static List<String> configNotes(CardFacts c) {
        List<String> notes = new ArrayList<>();
        if (c.config().isEmpty()) {
            notes.add(c.configLength() == 0 ? "config space unreadable" : "config space only " + c.configLength() + " bytes");
            return notes;
        }
        notes.addAll(c.config().get().findings());
        for (String m : c.config().get().missing()) {
            notes.add("not read: " + m);
        }
        return notes;
    }

    static Optional<Port> cardPort(CardFacts c) {
        return c.answering().isPresent() ? port(c.answering().get(), "card", c.subject()) : Optional.empty();
    }

    static Optional<Port> upstreamPort(CardFacts c) {
        if (c.upstreamConfig().isEmpty() || c.upstreamBdf().isEmpty()) {
            return Optional.empty();
        }
        return port(c.upstreamConfig().get(), c.upstreamRole(), c.upstreamBdf().get().toString());
    }

    private static Optional<Port> port(ConfigSpace cs, String role, String bdf) {
        Optional<PciExpress> e = cs.express();
        if (e.isEmpty() || e.get().link().isEmpty()) {
            return Optional.empty();
        }
        PciExpress.Link k = e.get().link().get();
        Optional<PciExpress.Device> d = e.get().device();
        boolean reports = (k.capabilities() & (1 << 20)) != 0;
        return Optional.of(new Port(role, bdf, e.get().portTypeLabel(), LinkSpeed.labelOf(k.maxSpeedCode()), k.maxWidth(),
                LinkSpeed.labelOf(k.speedCode()), k.width(), k.speedDowngraded(), k.widthDowngraded(),
                reports ? Optional.of(k.dataLinkActive()) : Optional.empty(), k.aspmSupportLabel(), k.aspmControlLabel(),
                d.isPresent() ? OptionalInt.of(d.get().maxPayloadSupported()) : OptionalInt.empty(),
                d.isPresent() ? OptionalInt.of(d.get().maxPayload()) : OptionalInt.empty(),
                d.isPresent() ? OptionalInt.of(d.get().maxReadRequest()) : OptionalInt.empty()));
    }

    static Optional<Limit> limit(CardFacts c) {
        if (c.limit().isEmpty()) {
            return Optional.empty();
        }
        LinkLimit l = c.limit().get();
        return Optional.of(new Limit(name(l.speed().limiter()), l.speed().text(), name(l.width().limiter()), l.width().text(),
                mb(l.current()), mb(l.attainable()), mb(l.cardCapable())));
    }

    private static String name(LinkLimit.Limiter l) {
        return l.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static OptionalLong mb(Optional<LinkBandwidth> b) {
        return b.isPresent() ? OptionalLong.of(Math.round(b.get().megabytesPerSecond())) : OptionalLong.empty();
    }

    /** sysfs counters when the kernel keeps them, else the AER capability's status bits, else none (an Express card). */
    static Optional<Aer> aer(CardFacts c) {
        if (c.aerCounters().isPresent()) {
            AerCounters a = c.aerCounters().get();
            return Optional.of(new Aer(Aer.Kind.SYSFS, a.correctable(), a.nonFatal(), a.fatal(), a.counters(), List.of(),
                    List.of()));
        }
        if (c.aerCapability().isPresent()) {
            ax650n.tuning.pci.Aer a = c.aerCapability().get();
            return Optional.of(new Aer(Aer.Kind.STATUS_BITS, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    Map.of(), a.correctableErrors(), CardFacts.unmaskedUncorrectable(a)));
        }
        if (c.answering().isPresent() && c.answering().get().express().isPresent()) {
            return Optional.of(new Aer(Aer.Kind.NONE, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    Map.of(), List.of(), List.of()));
        }
        return Optional.empty();
    }

    /** The card's MSI IRQs: affinities, the CPUs serving them, interrupt counts, IRQ thread. */
    static List<Irq> irqs(HostSnapshot host, CardFacts c) {
        CpuTopology cpus = host.cpus();
        List<Irq> out = new ArrayList<>();
        for (CardFacts.ServedIrq s : c.irqs()) {
            int n = s.irq();
            Optional<IrqAffinity> a = host.affinity(n);
            Optional<CpuSet> aff = a.isPresent() ? a.get().affinity() : Optional.empty();
            Optional<CpuSet> eff = a.isPresent() ? a.get().effective() : Optional.empty();
            if (eff.isPresent() && eff.get().isEmpty()) {
                eff = Optional.empty();
            }
            List<CpuCount> counts = new ArrayList<>();
            long total = 0;
            for (Map.Entry<Integer, Long> e : host.interrupts().countsByCpu(n).entrySet()) {
                total += e.getValue();
                if (e.getValue() > 0) {
                    counts.add(new CpuCount(e.getKey(), CpuRole.of(cpus, e.getKey()), e.getValue()));
                }
            }
            Optional<IrqThread> thread = Optional.empty();
            Optional<ProcessInfo> p = host.irqThread(n);
            if (p.isPresent()) {
                OptionalInt last = p.get().lastCpu();
                thread = Optional.of(new IrqThread(p.get().pid(), p.get().comm(), last,
                        last.isPresent() ? Optional.of(CpuRole.of(cpus, last.getAsInt())) : Optional.empty()));
            }
            Optional<List<CpuRole>> roles = Optional.empty();
            if (s.servedBy().isPresent()) {
                List<CpuRole> r = new ArrayList<>();
                for (int cpu : s.servedBy().get().toArray()) {
                    CpuRole role = CpuRole.of(cpus, cpu);
                    if (!r.contains(role)) {
                        r.add(role);
                    }
                }
                roles = Optional.of(List.copyOf(r));
            }
            out.add(new Irq(n, list(aff), list(eff), list(s.servedBy()), roles, counts, total, thread));
        }
        return out;
    }

    private static Optional<String> list(Optional<CpuSet> s) {
        return s.isPresent() ? Optional.of(s.get().toList()) : Optional.empty();
    }
}
