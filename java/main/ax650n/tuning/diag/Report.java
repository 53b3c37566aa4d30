package ax650n.tuning.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code ax650n-diagnose} found: the model both renderers print, so the text and the JSON
 * carry the same content. Built by {@link Diagnoser} (pure), rendered by {@link TextReport} and
 * {@link #toJson()} (schema in docs/diagnose-json.md, version {@link #SCHEMA_VERSION}).
 *
 * @param source          where the data came from
 * @param system          the host part; empty for a pasted lspci dump (no sysfs there)
 * @param lookedFor       the vendor:device ids searched for
 * @param cards           every card found, in BDF order
 * @param irqbalance      irqbalance state; empty for a pasted dump
 * @param recommendations findings, in report order
 */
public record Report(Source source, Optional<SystemInfo> system, List<String> lookedFor, List<Card> cards,
                     Optional<Irqbalance> irqbalance, List<Recommendation> recommendations) {
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
        return recommendations.stream().anyMatch(r -> r.severity() != Severity.OK) ? 1 : 0;
    }

    public String status() {
        return switch (exitCode()) {
            case 3 -> "no-card";
            case 1 -> "findings";
            default -> "ok";
        };
    }

    public long count(Severity s) {
        return recommendations.stream().filter(r -> r.severity() == s).count();
    }

    /** One line for logs, e.g. {@code ax650n-diagnose: findings (bad 2, warn 1, ok 6); 0003:31:00.0 ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("ax650n-diagnose: ");
        if (cards.isEmpty()) {
            sb.append(lookedFor.equals(List.of(ax650n.tuning.tune.Config.CardId.AX650N.toString())) ? "no AX650N found" : "no card found").append(" (looked for ").append(String.join(", ", lookedFor)).append(')');
        } else {
            sb.append(status()).append(" (bad ").append(count(Severity.BAD)).append(", warn ")
                    .append(count(Severity.WARN)).append(", ok ").append(count(Severity.OK)).append(')');
        }
        for (Card c : cards) {
            sb.append("; ").append(c.bdf()).append(' ')
                    .append(c.driver().orElse(source.kind().equals("lspci-dump") ? "driver-unknown" : "no-driver"));
            c.card().ifPresent(l -> sb.append(' ').append(l.speed()).append(" x").append(l.width())
                    .append(l.maxWidth() != l.width() || !l.maxSpeed().equals(l.speed())
                            ? " (can " + l.maxSpeed() + " x" + l.maxWidth() + ")" : ""));
            c.maxReadRequest().ifPresent(m -> sb.append(" MRRS ").append(m));
            for (Irq i : c.irqs()) {
                sb.append(" irq ").append(i.irq());
                i.servedBy().ifPresent(s -> sb.append(" on cpu ").append(s)
                        .append(i.servedRole().filter(r -> !r.equals("equal")).map(r -> " (" + r + ")").orElse("")));
            }
        }
        system.ifPresent(s -> {
            List<String> govs = new ArrayList<>();
            for (ClusterInfo c : s.clusters()) {
                if (c.governor().isEmpty()) {
                    continue;
                }
                govs.add(c.name() + (c.role().equals("equal") ? "" : "/" + c.role()) + "=" + c.governor().orElse("-"));
            }
            if (!govs.isEmpty()) {
                sb.append("; governors ").append(String.join(" ", govs));
            }
        });
        irqbalance.ifPresent(ib -> sb.append("; irqbalance ").append(!ib.running() ? "off"
                : ib.banned().map(b -> b ? "banned" : "not-banned").orElse("on")));
        return sb.toString();
    }

    // ---- parts ----------------------------------------------------------------------------

    /** kind: live, sysroot, demo, lspci-dump; location: the path given (empty for live). */
    public record Source(String kind, Optional<String> location) {
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
    public record ClusterInfo(String name, String cpus, String role, OptionalLong capacity, OptionalLong maxFreqKhz,
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
            return card.map(p -> p.maxReadRequest()).orElse(OptionalInt.empty());
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

    /**
     * AER state. source: {@code sysfs} (counters from aer_dev_*), {@code status-bits} (the AER
     * capability's status registers) or {@code none}.
     */
    public record Aer(String source, OptionalLong correctable, OptionalLong nonFatal, OptionalLong fatal,
                      Map<String, Long> counters, List<String> correctableStatus, List<String> uncorrectableStatus) {
        public Aer {
            counters = Map.copyOf(counters);
            correctableStatus = List.copyOf(correctableStatus);
            uncorrectableStatus = List.copyOf(uncorrectableStatus);
        }
    }

    /** One MSI IRQ of a card. servedBy: the effective affinity (else the requested one). */
    public record Irq(int irq, Optional<String> affinity, Optional<String> effective, Optional<String> servedBy,
                      Optional<String> servedRole, List<CpuCount> counts, long total, Optional<IrqThread> thread) {
        public Irq {
            counts = List.copyOf(counts);
        }
    }

    public record CpuCount(int cpu, String role, long count) {
    }

    public record IrqThread(int pid, String comm, OptionalInt lastCpu, Optional<String> role) {
    }

    /** banned: empty when irqbalance is not running (nothing to ban). how: what made it banned or not. */
    public record Irqbalance(boolean running, Optional<Boolean> banned, String how) {
    }

    public enum Severity implements ax650n.tuning.sys.Labelled {
        OK, WARN, BAD;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * One finding: id (stable, e.g. {@code irq-cpu}), subject (a BDF, an IRQ, a policy, or empty
     * for the host), one line of why, and the command that fixes it (empty when nothing in
     * software does).
     */
    public record Recommendation(Severity severity, String id, String subject, String why, Optional<String> fix) {
    }

    // ---- JSON -----------------------------------------------------------------------------

    public Map<String, Object> toJson() {
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("schema", "ax650n-diagnose");
        o.put("schema_version", SCHEMA_VERSION);
        o.put("status", status());
        o.put("exit_code", exitCode());
        o.put("summary", summary());
        Map<String, Object> src = new java.util.LinkedHashMap<>();
        src.put("kind", source.kind());
        src.put("location", source.location());
        o.put("source", src);
        o.put("system", system.map(Report::systemJson));
        o.put("looked_for", lookedFor);
        List<Object> cs = new ArrayList<>();
        for (Card c : cards) {
            cs.add(cardJson(c));
        }
        o.put("cards", cs);
        o.put("irqbalance", irqbalance.map(ib -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("running", ib.running());
            m.put("banned", ib.banned());
            m.put("how", ib.how());
            return m;
        }));
        List<Object> rs = new ArrayList<>();
        for (Recommendation r : recommendations) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("severity", r.severity().label());
            m.put("id", r.id());
            m.put("subject", r.subject());
            m.put("why", r.why());
            m.put("fix", r.fix());
            rs.add(m);
        }
        o.put("recommendations", rs);
        return o;
    }

    private static Map<String, Object> systemJson(SystemInfo s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("board", s.board());
        m.put("compatible", s.compatible());
        m.put("kernel", s.kernel());
        m.put("big_little", s.bigLittle());
        List<Object> cl = new ArrayList<>();
        for (ClusterInfo c : s.clusters()) {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("name", c.name());
            x.put("cpus", c.cpus());
            x.put("role", c.role());
            x.put("capacity", c.capacity());
            x.put("max_freq_khz", c.maxFreqKhz());
            x.put("governor", c.governor());
            x.put("driver", c.driver());
            cl.add(x);
        }
        m.put("clusters", cl);
        m.put("pcie_aspm_policy", s.aspmPolicy());
        m.put("pcie_aspm_policy_line", s.aspmPolicyLine());
        return m;
    }

    private static Map<String, Object> cardJson(Card c) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("bdf", c.bdf());
        m.put("id", c.id());
        m.put("ax650n", c.expected());
        m.put("driver", c.driver());
        m.put("config_bytes", c.configBytes());
        m.put("notes", c.notes());
        Map<String, Object> link = new java.util.LinkedHashMap<>();
        link.put("card", c.card().map(Report::portJson));
        link.put("upstream", c.upstream().map(Report::portJson));
        link.put("limit", c.limit().map(l -> {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("speed_limiter", l.speedLimiter());
            x.put("speed", l.speedText());
            x.put("width_limiter", l.widthLimiter());
            x.put("width", l.widthText());
            x.put("now_mb_s", l.nowMBps());
            x.put("attainable_mb_s", l.attainableMBps());
            x.put("card_capable_mb_s", l.cardCapableMBps());
            return x;
        }));
        m.put("link", link);
        m.put("aer", c.aer().map(a -> {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("source", a.source());
            x.put("correctable", a.correctable());
            x.put("non_fatal", a.nonFatal());
            x.put("fatal", a.fatal());
            Map<String, Object> counters = new java.util.LinkedHashMap<>();
            new java.util.TreeMap<>(a.counters()).forEach(counters::put);
            x.put("counters", counters);
            x.put("correctable_status", a.correctableStatus());
            x.put("uncorrectable_status", a.uncorrectableStatus());
            return x;
        }));
        List<Object> irqs = new ArrayList<>();
        for (Irq i : c.irqs()) {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("irq", i.irq());
            x.put("smp_affinity_list", i.affinity());
            x.put("effective_affinity_list", i.effective());
            x.put("served_by", i.servedBy());
            x.put("served_by_role", i.servedRole());
            List<Object> counts = new ArrayList<>();
            for (CpuCount cc : i.counts()) {
                Map<String, Object> y = new java.util.LinkedHashMap<>();
                y.put("cpu", cc.cpu());
                y.put("role", cc.role());
                y.put("count", cc.count());
                counts.add(y);
            }
            x.put("counts", counts);
            x.put("total", i.total());
            x.put("thread", i.thread().map(t -> {
                Map<String, Object> y = new java.util.LinkedHashMap<>();
                y.put("pid", t.pid());
                y.put("comm", t.comm());
                y.put("last_cpu", t.lastCpu());
                y.put("last_cpu_role", t.role());
                return y;
            }));
            irqs.add(x);
        }
        m.put("irqs", irqs);
        return m;
    }

    private static Map<String, Object> portJson(Port p) {
        Map<String, Object> x = new java.util.LinkedHashMap<>();
        x.put("role", p.role());
        x.put("bdf", p.bdf());
        x.put("port_type", p.portType());
        x.put("max_speed", p.maxSpeed());
        x.put("max_width", p.maxWidth());
        x.put("speed", p.speed());
        x.put("width", p.width());
        x.put("speed_downgraded", p.speedDowngraded());
        x.put("width_downgraded", p.widthDowngraded());
        x.put("dl_active", p.dlActive());
        x.put("aspm_support", p.aspmSupport());
        x.put("aspm_control", p.aspmControl());
        x.put("max_payload_supported", p.maxPayloadSupported());
        x.put("max_payload", p.maxPayload());
        x.put("max_read_request", p.maxReadRequest());
        return x;
    }
}
