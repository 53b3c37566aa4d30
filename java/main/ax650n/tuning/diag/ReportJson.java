package ax650n.tuning.diag;

import ax650n.tuning.diag.Report.Aer;
import ax650n.tuning.diag.Report.Card;
import ax650n.tuning.diag.Report.ClusterInfo;
import ax650n.tuning.diag.Report.CpuCount;
import ax650n.tuning.diag.Report.Irq;
import ax650n.tuning.diag.Report.IrqThread;
import ax650n.tuning.diag.Report.Limit;
import ax650n.tuning.diag.Report.Port;
import ax650n.tuning.diag.Report.SystemInfo;
import ax650n.tuning.diag.rules.IrqbalanceState;
import ax650n.tuning.diag.rules.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON form of a {@link Report} (schema in docs/diagnose-json.md): maps in field order, for
 * {@link ax650n.tuning.sys.Json}.
 */
final class ReportJson {
    private ReportJson() {
    }

    static Map<String, Object> of(Report r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("schema", "ax650n-diagnose");
        o.put("schema_version", Report.SCHEMA_VERSION);
        o.put("status", r.status());
        o.put("exit_code", r.exitCode());
        o.put("summary", r.summary());
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("kind", r.source().kind().toString());
        src.put("location", r.source().location());
        o.put("source", src);
        o.put("system", r.system().isPresent() ? Optional.of(system(r.system().get())) : Optional.empty());
        o.put("looked_for", r.lookedFor());
        List<Object> cs = new ArrayList<>();
        for (Card c : r.cards()) {
            cs.add(card(c));
        }
        o.put("cards", cs);
        o.put("irqbalance", r.irqbalance().isPresent() ? Optional.of(irqbalance(r.irqbalance().get())) : Optional.empty());
        List<Object> rs = new ArrayList<>();
        for (Recommendation x : r.recommendations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", x.severity().label());
            m.put("id", x.id());
            m.put("subject", x.subject());
            m.put("why", x.why());
            m.put("fix", x.fix());
            rs.add(m);
        }
        o.put("recommendations", rs);
        return o;
    }

    private static Map<String, Object> irqbalance(IrqbalanceState ib) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", ib.running());
        m.put("banned", ib.banned());
        m.put("how", ib.how());
        return m;
    }

    private static Map<String, Object> system(SystemInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("board", s.board());
        m.put("compatible", s.compatible());
        m.put("kernel", s.kernel());
        m.put("big_little", s.bigLittle());
        List<Object> cl = new ArrayList<>();
        for (ClusterInfo c : s.clusters()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name());
            x.put("cpus", c.cpus());
            x.put("role", c.role().toString());
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

    private static Map<String, Object> card(Card c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bdf", c.bdf());
        m.put("id", c.id());
        m.put("ax650n", c.expected());
        m.put("driver", c.driver());
        m.put("config_bytes", c.configBytes());
        m.put("notes", c.notes());
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("card", c.card().isPresent() ? Optional.of(port(c.card().get())) : Optional.empty());
        link.put("upstream", c.upstream().isPresent() ? Optional.of(port(c.upstream().get())) : Optional.empty());
        link.put("limit", c.limit().isPresent() ? Optional.of(limit(c.limit().get())) : Optional.empty());
        m.put("link", link);
        m.put("aer", c.aer().isPresent() ? Optional.of(aer(c.aer().get())) : Optional.empty());
        List<Object> irqs = new ArrayList<>();
        for (Irq i : c.irqs()) {
            irqs.add(irq(i));
        }
        m.put("irqs", irqs);
        return m;
    }

    private static Map<String, Object> limit(Limit l) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("speed_limiter", l.speedLimiter());
        x.put("speed", l.speedText());
        x.put("width_limiter", l.widthLimiter());
        x.put("width", l.widthText());
        x.put("now_mb_s", l.nowMBps());
        x.put("attainable_mb_s", l.attainableMBps());
        x.put("card_capable_mb_s", l.cardCapableMBps());
        return x;
    }

    private static Map<String, Object> aer(Aer a) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("source", a.source().toString());
        x.put("correctable", a.correctable());
        x.put("non_fatal", a.nonFatal());
        x.put("fatal", a.fatal());
        x.put("counters", new LinkedHashMap<String, Object>(new TreeMap<>(a.counters())));
        x.put("correctable_status", a.correctableStatus());
        x.put("uncorrectable_status", a.uncorrectableStatus());
        return x;
    }

    private static Map<String, Object> irq(Irq i) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("irq", i.irq());
        x.put("smp_affinity_list", i.affinity());
        x.put("effective_affinity_list", i.effective());
        x.put("served_by", i.servedBy());
        x.put("served_by_role", i.servedRole().isPresent() ? Optional.of(Irq.roles(i.servedRole().get())) : Optional.empty());
        List<Object> counts = new ArrayList<>();
        for (CpuCount cc : i.counts()) {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("cpu", cc.cpu());
            y.put("role", cc.role().toString());
            y.put("count", cc.count());
            counts.add(y);
        }
        x.put("counts", counts);
        x.put("total", i.total());
        x.put("thread", i.thread().isPresent() ? Optional.of(thread(i.thread().get())) : Optional.empty());
        return x;
    }

    private static Map<String, Object> thread(IrqThread t) {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("pid", t.pid());
        y.put("comm", t.comm());
        y.put("last_cpu", t.lastCpu());
        y.put("last_cpu_role", t.role().isPresent() ? Optional.of(t.role().get().toString()) : Optional.empty());
        return y;
    }

    private static Map<String, Object> port(Port p) {
        Map<String, Object> x = new LinkedHashMap<>();
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
