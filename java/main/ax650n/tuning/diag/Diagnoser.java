package ax650n.tuning.diag;

import ax650n.tuning.cpu.Cluster;
import ax650n.tuning.cpu.CpuRole;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.diag.Report.Card;
import ax650n.tuning.diag.Report.ClusterInfo;
import ax650n.tuning.diag.Report.Source;
import ax650n.tuning.diag.Report.SystemInfo;
import ax650n.tuning.diag.rules.CardFacts;
import ax650n.tuning.diag.rules.HostFacts;
import ax650n.tuning.diag.rules.Recommendation;
import ax650n.tuning.diag.rules.Rules;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.pci.UpstreamPort;
import ax650n.tuning.sys.Ascii;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Config.CardId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Host snapshot (or pasted lspci dump) + configuration -> {@link Report}. Pure: reads nothing,
 * writes nothing. The findings come from the rules in {@link ax650n.tuning.diag.rules} (one file
 * per finding, listed in report order by {@link Rules}); this class finds the cards, decodes
 * their facts once ({@link CardFacts}, {@link HostFacts}), runs the rules and builds the report's
 * data parts ({@link CardParts}).
 */
public final class Diagnoser {
    public static final CardId AX650N = CardId.AX650N;
    public static final String FIX_APPLY = Recommendation.FIX_APPLY;

    private Diagnoser() {
    }

    /** The ids looked for: the configured cards plus {@code extra}, without repeats. */
    public static List<CardId> ids(Config config, List<CardId> extra) {
        List<CardId> out = new ArrayList<>();
        for (List<CardId> part : List.of(config.cards(), extra)) {
            for (CardId id : part) {
                if (!looksFor(out, id.vendor(), id.device())) {
                    out.add(id);
                }
            }
        }
        return List.copyOf(out);
    }

    // ---- host ---------------------------------------------------------------------------

    public static Report diagnose(HostSnapshot host, Config config, List<CardId> extra, Source source) {
        List<CardId> ids = ids(config, extra);
        CpuTopology cpus = host.cpus();
        List<PciDevice> found = cards(host, ids);
        HostFacts facts = HostFacts.of(host, config, found);
        List<Recommendation> recs = new ArrayList<>();
        Rules.run(Rules.BEFORE_CARDS, facts, recs);
        List<Card> cards = new ArrayList<>();
        for (PciDevice d : found) {
            boolean ax = isAx650n(d.vendor(), d.device());
            CardFacts card = CardFacts.of(host, d, ax, source.kind() == Source.Kind.LIVE, facts.irqCandidates());
            Rules.run(Rules.CARD, card, recs);
            List<String> notes = CardParts.configNotes(card);
            if (card.aerCounters().isPresent()) {
                notes.addAll(card.aerCounters().get().notes());
            }
            cards.add(new Card(card.subject(), d.id(), ax, d.driver(), card.configLength(), notes, CardParts.cardPort(card),
                    CardParts.upstreamPort(card), CardParts.limit(card), CardParts.aer(card), CardParts.irqs(host, card)));
        }
        Rules.run(Rules.AFTER_CARDS, facts, recs);
        return new Report(source, Optional.of(system(host, cpus)), names(ids), cards, Optional.of(facts.irqbalance()), recs);
    }

    private static boolean isAx650n(int vendor, int device) {
        return vendor == AX650N.vendor() && device == AX650N.device();
    }

    /** The devices with one of {@code ids}, in BDF order. */
    private static List<PciDevice> cards(HostSnapshot host, List<CardId> ids) {
        List<PciDevice> out = new ArrayList<>();
        for (PciDevice d : host.pciDevices()) {
            if (looksFor(ids, d.vendor(), d.device())) {
                out.add(d);
            }
        }
        out.sort(new ByBdf());
        return out;
    }

    private static final class ByBdf implements Comparator<PciDevice> {
        @Override
        public int compare(PciDevice a, PciDevice b) {
            return a.bdf().compareTo(b.bdf());
        }
    }

    /** Cards of a dump by their BDF text (a dump may name a BDF twice: both are kept, in dump order). */
    private static final class ByBdfText implements Comparator<Card> {
        @Override
        public int compare(Card a, Card b) {
            return a.bdf().compareTo(b.bdf());
        }
    }

    private static boolean looksFor(List<CardId> ids, int vendor, int device) {
        for (CardId id : ids) {
            if (id.vendor() == vendor && id.device() == device) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(List<CardId> ids) {
        List<String> out = new ArrayList<>();
        for (CardId id : ids) {
            out.add(id.toString());
        }
        return out;
    }

    private static SystemInfo system(HostSnapshot host, CpuTopology cpus) {
        List<ClusterInfo> clusters = new ArrayList<>();
        for (Cluster c : cpus.clusters()) {
            Optional<String> governor = c.policy().isPresent() ? c.policy().get().governor() : Optional.empty();
            Optional<String> driver = c.policy().isPresent() ? c.policy().get().driver() : Optional.empty();
            clusters.add(new ClusterInfo(c.name(), c.cpus().toList(), CpuRole.of(cpus, c.cpus().first()), c.capacity(),
                    c.maxFreqKhz(), governor, driver));
        }
        return new SystemInfo(host.boardModel(), host.compatible(), host.kernelRelease(), clusters, !cpus.allEqual(),
                host.aspmPolicy(), host.aspmPolicyLine());
    }

    // ---- pasted lspci dump --------------------------------------------------------------

    /**
     * The link and payload part of the report for the cards in a pasted dump, by the same card
     * rules as a host ({@link Rules#DUMP_CARD}). A card's upstream port is found by
     * {@link UpstreamPort#inDump}.
     */
    public static Report fromDump(LspciDump.Result dump, List<CardId> ids, Source source) {
        List<Recommendation> recs = new ArrayList<>();
        List<Card> cards = new ArrayList<>();
        for (LspciDump.Device d : dump.devices()) {
            byte[] b = d.bytes();
            if (b.length < 4) {
                continue;
            }
            int vendor = (b[0] & 0xff) | (b[1] & 0xff) << 8;
            int device = (b[2] & 0xff) | (b[3] & 0xff) << 8;
            if (!looksFor(ids, vendor, device)) {
                continue;
            }
            boolean ax = isAx650n(vendor, device);
            Optional<LspciDump.Device> up = UpstreamPort.inDump(dump, d.bdf());
            CardFacts card = CardFacts.ofDump(d.bdf(), b, ax, up.isPresent() ? Optional.of(up.get().bdf()) : Optional.empty(),
                    up.isPresent() ? Optional.of(up.get().bytes()) : Optional.empty());
            Rules.run(Rules.DUMP_CARD, card, recs);
            List<String> notes = CardParts.configNotes(card);
            if (up.isEmpty()) {
                notes.add("no bridge in the dump whose bus range holds bus " + Ascii.hex(d.bdf().bus(), 2)
                        + ": upstream port unknown");
            }
            cards.add(new Card(card.subject(), new CardId(vendor, device).toString(), ax, Optional.empty(),
                    b.length, notes, CardParts.cardPort(card), CardParts.upstreamPort(card), CardParts.limit(card),
                    CardParts.aer(card), List.of()));
        }
        cards.sort(new ByBdfText());
        return new Report(source, Optional.empty(), names(ids), cards, Optional.empty(), recs);
    }
}
