package ax650n.tuning.diag;

import ax650n.tuning.cpu.CpuRole;
import ax650n.tuning.diag.rules.IrqbalanceState;
import ax650n.tuning.diag.rules.Recommendation;
import ax650n.tuning.diag.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code ax650n-diagnose} found: the model both renderers print, so the text and the JSON
 * carry the same content. Built by {@link Diagnoser} (pure), rendered by {@link TextReport} and
 * {@link #toJson()} ({@link ReportJson}; schema in docs/diagnose-json.md, version {@link #SCHEMA_VERSION}).
 *
 * @param source          where the data came from
 * @param system          the host part; empty for a pasted lspci dump (no sysfs there)
 * @param lookedFor       the vendor:device ids searched for
 * @param cards           every card found, in BDF order
 * @param irqbalance      irqbalance state; empty for a pasted dump
 * @param recommendations findings, in report order
 */
public record Report(Source source, Optional<SystemInfo> system, List<String> lookedFor, List<Card> cards,
                     Optional<IrqbalanceState> irqbalance, List<Recommendation> recommendations) {
    /** Bumped when a field changes meaning or is removed; adding fields keeps the version. */
    public static final int SCHEMA_VERSION = 1;

    public Report {
        lookedFor = List.copyOf(lookedFor);
        cards = List.copyOf(cards);
        recommendations = List.copyOf(recommendations);
    }

    /** Exit status: 3 no card, 1 any warn/bad finding, 0 otherwise. */
    public int exitCode() {
        if (cards.isEmpty()) {
            return 3;
        }
        for (Recommendation r : recommendations) {
            if (r.severity() != Severity.OK) {
                return 1;
            }
        }
        return 0;
    }

    public String status() {
        return switch (exitCode()) {
            case 3 -> "no-card";
            case 1 -> "findings";
            default -> "ok";
        };
    }

    public long count(Severity s) {
        long n = 0;
        for (Recommendation r : recommendations) {
            if (r.severity() == s) {
                n++;
            }
        }
        return n;
    }

    /** Whether only the AX650N was looked for (the messages then name it). */
    boolean lookedForAx650nOnly() {
        return lookedFor.equals(List.of(Diagnoser.AX650N.toString()));
    }

    /** One line for logs, e.g. {@code ax650n-diagnose: findings (bad 2, warn 1, ok 6); 0003:31:00.0 ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("ax650n-diagnose: ");
        if (cards.isEmpty()) {
            sb.append(lookedForAx650nOnly() ? "no AX650N found" : "no card found").append(" (looked for ")
                    .append(String.join(", ", lookedFor)).append(')');
        } else {
            sb.append(status()).append(" (bad ").append(count(Severity.BAD)).append(", warn ")
                    .append(count(Severity.WARN)).append(", ok ").append(count(Severity.OK)).append(')');
        }
        for (Card c : cards) {
            sb.append("; ").append(c.bdf()).append(' ').append(c.driver()
                    .orElse(source.kind() == Source.Kind.LSPCI_DUMP ? "driver-unknown" : "no-driver"));
            if (c.card().isPresent()) {
                Port l = c.card().get();
                sb.append(' ').append(l.speed()).append(" x").append(l.width());
                if (l.maxWidth() != l.width() || !l.maxSpeed().equals(l.speed())) {
                    sb.append(" (can ").append(l.maxSpeed()).append(" x").append(l.maxWidth()).append(')');
                }
            }
            if (c.maxReadRequest().isPresent()) {
                sb.append(" MRRS ").append(c.maxReadRequest().getAsInt());
            }
            for (Irq i : c.irqs()) {
                sb.append(" irq ").append(i.irq());
                if (i.servedBy().isPresent()) {
                    sb.append(" on cpu ").append(i.servedBy().get());
                    if (i.servedRole().isPresent() && !i.servedRole().get().equals(List.of(CpuRole.EQUAL))) {
                        sb.append(" (").append(Irq.roles(i.servedRole().get())).append(')');
                    }
                }
            }
        }
        if (system.isPresent()) {
            List<String> govs = new ArrayList<>();
            for (ClusterInfo c : system.get().clusters()) {
                if (c.governor().isPresent()) {
                    govs.add(c.name() + (c.role() == CpuRole.EQUAL ? "" : "/" + c.role()) + "=" + c.governor().get());
                }
            }
            if (!govs.isEmpty()) {
                sb.append("; governors ").append(String.join(" ", govs));
            }
        }
        if (irqbalance.isPresent()) {
            IrqbalanceState ib = irqbalance.get();
            sb.append("; irqbalance ").append(!ib.running() ? "off"
                    : ib.banned().isEmpty() ? "on" : ib.banned().get() ? "banned" : "not-banned");
        }
        return sb.toString();
    }

    public Map<String, Object> toJson() {
        return ReportJson.of(this);
    }

    // ---- parts ----------------------------------------------------------------------------

    /** Where the data came from; location: the path given (empty for the live host). */
    public record Source(Kind kind, Optional<String> location) {
        /** The kinds of source, printed as {@code live}, {@code sysroot}, {@code demo}, {@code lspci-dump}. */
        public enum Kind {
            LIVE, SYSROOT, DEMO, LSPCI_DUMP;

            @Override
            public String toString() {
                return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            }
        }

        public static Source live() {
            return new Source(Kind.LIVE, Optional.empty());
        }

        public static Source sysroot(String location) {
            return new Source(Kind.SYSROOT, Optional.of(location));
        }

        public static Source demo(String what) {
            return new Source(Kind.DEMO, Optional.of(what));
        }

        public static Source lspciDump(String file) {
            return new Source(Kind.LSPCI_DUMP, Optional.of(file));
        }
    }

    public record SystemInfo(Optional<String> board, List<String> compatible, String kernel,
                             List<ClusterInfo> clusters, boolean bigLittle, Optional<String> aspmPolicy,
                             Optional<String> aspmPolicyLine) {
        public SystemInfo {
            compatible = List.copyOf(compatible);
            clusters = List.copyOf(clusters);
        }
    }

    /** role: big, little, or equal (no big/little distinction on the host). */
    public record ClusterInfo(String name, String cpus, CpuRole role, OptionalLong capacity, OptionalLong maxFreqKhz,
                              Optional<String> governor, Optional<String> driver) {
    }

    /**
     * One card.
     *
     * @param expected   true for the AX650N id (its driver and MaxReadReq rules apply)
     * @param card       the card's own link registers
     * @param upstream   the port above it (root port or switch port)
     * @param limit      speed/width verdicts and bandwidth, when both ends were decoded
     * @param notes      what could not be decoded (short config space, broken capability chain)
     */
    public record Card(String bdf, String id, boolean expected, Optional<String> driver, int configBytes,
                       List<String> notes, Optional<Port> card, Optional<Port> upstream, Optional<Limit> limit,
                       Optional<Aer> aer, List<Irq> irqs) {
        public Card {
            notes = List.copyOf(notes);
            irqs = List.copyOf(irqs);
        }

        public OptionalInt maxReadRequest() {
            return card.isPresent() ? card.get().maxReadRequest() : OptionalInt.empty();
        }
    }

    /** The PCIe view of one end of the link. Speeds are lspci labels such as {@code 5GT/s}. */
    public record Port(String role, String bdf, String portType, String maxSpeed, int maxWidth, String speed,
                       int width, boolean speedDowngraded, boolean widthDowngraded, Optional<Boolean> dlActive,
                       String aspmSupport, String aspmControl, OptionalInt maxPayloadSupported,
                       OptionalInt maxPayload, OptionalInt maxReadRequest) {
    }

    /** Which end limits the link, and the bandwidth per direction (MB/s) now and possible. */
    public record Limit(String speedLimiter, String speedText, String widthLimiter, String widthText,
                        OptionalLong nowMBps, OptionalLong attainableMBps, OptionalLong cardCapableMBps) {
    }

    /** AER state: counters from sysfs, or the AER capability's status registers, or neither. */
    public record Aer(Kind source, OptionalLong correctable, OptionalLong nonFatal, OptionalLong fatal,
                      Map<String, Long> counters, List<String> correctableStatus, List<String> uncorrectableStatus) {
        /** Printed as {@code sysfs} (counters from aer_dev_*), {@code status-bits}, {@code none}. */
        public enum Kind {
            SYSFS, STATUS_BITS, NONE;

            @Override
            public String toString() {
                return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            }
        }

        public Aer {
            counters = Map.copyOf(counters);
            correctableStatus = List.copyOf(correctableStatus);
            uncorrectableStatus = List.copyOf(uncorrectableStatus);
        }
    }

    /**
     * One MSI IRQ of a card. servedBy: the effective affinity (else the requested one);
     * servedRole: the roles of those CPUs, in CPU order, each once.
     */
    public record Irq(int irq, Optional<String> affinity, Optional<String> effective, Optional<String> servedBy,
                      Optional<List<CpuRole>> servedRole, List<CpuCount> counts, long total, Optional<IrqThread> thread) {
        public Irq {
            counts = List.copyOf(counts);
        }

        /** "little", "little and big". */
        public static String roles(List<CpuRole> roles) {
            List<String> words = new ArrayList<>();
            for (CpuRole r : roles) {
                words.add(r.toString());
            }
            return String.join(" and ", words);
        }
    }

    public record CpuCount(int cpu, CpuRole role, long count) {
    }

    public record IrqThread(int pid, String comm, OptionalInt lastCpu, Optional<CpuRole> role) {
    }
}
