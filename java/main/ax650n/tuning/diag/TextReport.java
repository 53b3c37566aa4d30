package ax650n.tuning.diag;

import ax650n.tuning.cpu.CpuRole;
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
import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report for a person. Every field of the JSON appears here (the JSON adds only the
 * schema fields and raw flags such as {@code speed_downgraded}, which the text shows as
 * "(downgraded)"). The one-line summary comes last. Colours (ANSI) only when asked for:
 * the command turns them on for a terminal with {@code NO_COLOR} unset.
 */
public final class TextReport {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";

    private final boolean colour;
    private final StringBuilder sb = new StringBuilder();

    private TextReport(boolean colour) {
        this.colour = colour;
    }

    public static String render(Report r, boolean colour) {
        TextReport t = new TextReport(colour);
        t.report(r);
        return t.sb.toString();
    }

    /**
     * Every line is escaped as a whole ({@link Printable#escape}): strings read from sysfs, procfs
     * or a snapshot (a driver name, a board model, an AER counter name) cannot drive the terminal
     * with raw ESC sequences or break the report's lines. Our own colours are added around the
     * escaped text, never inside it.
     */
    private void line(String s) {
        sb.append(Printable.escape(s)).append('\n');
    }

    /** {@code prefix}, {@code coloured} in colour {@code code} (when colours are on), {@code rest}; all escaped. */
    private void line(String prefix, String code, String coloured, String rest) {
        sb.append(Printable.escape(prefix));
        if (colour) {
            sb.append(code);
        }
        sb.append(Printable.escape(coloured));
        if (colour) {
            sb.append(RESET);
        }
        sb.append(Printable.escape(rest)).append('\n');
    }

    private void kv(String key, String value) {
        line("  " + Ascii.padRight(key, 12) + value);
    }

    private void more(String value) {
        line("  " + Ascii.padRight("", 12) + value);
    }

    private void report(Report r) {
        Optional<String> location = r.source().location();
        line("", BOLD, "AX650N host diagnosis", "  (source: " + r.source().kind()
                + (location.isPresent() ? ": " + location.get() : "") + ")");
        line("");
        if (r.system().isPresent()) {
            system(r.system().get());
            if (r.irqbalance().isPresent()) {
                IrqbalanceState ib = r.irqbalance().get();
                String banned = ib.banned().isEmpty() ? ""
                        : ib.banned().get() ? "banned from the card's IRQs: " : "NOT banned from the card's IRQs: ";
                kv("irqbalance", !ib.running() ? "not running" : "running, " + banned + ib.how());
            }
            line("");
        }
        boolean fromDump = r.source().kind() == Report.Source.Kind.LSPCI_DUMP;
        if (r.cards().isEmpty()) {
            line("", BOLD, r.lookedForAx650nOnly() ? "No AX650N found" : "No card found",
                    " (looked for " + String.join(", ", r.lookedFor())
                    + (fromDump ? " in the dump" : " in /sys/bus/pci/devices") + ")");
            line("");
        }
        Optional<String> aspmPolicy = r.system().isPresent() ? r.system().get().aspmPolicy() : Optional.empty();
        String policy = aspmPolicy.isPresent() ? "; pcie_aspm policy " + aspmPolicy.get() : "";
        for (Card card : r.cards()) {
            card(card, fromDump, policy);
            line("");
        }
        if (!r.recommendations().isEmpty()) {
            line("", BOLD, "Recommendations", "");
            for (Recommendation rec : r.recommendations()) {
                String code = switch (rec.severity()) {
                    case OK -> GREEN;
                    case WARN -> YELLOW;
                    case BAD -> RED;
                };
                String sev = switch (rec.severity()) {
                    case OK -> "ok  ";
                    case WARN -> "warn";
                    case BAD -> "bad ";
                };
                String subj = rec.subject().isEmpty() ? "" : " " + rec.subject();
                line("  [", code, sev, "] " + rec.id() + subj + ": " + rec.why());
                if (rec.fix().isPresent()) {
                    line("         fix: " + rec.fix().get());
                }
            }
            line("");
        }
        line(r.summary());
    }

    private void system(SystemInfo s) {
        line("", BOLD, "System", "");
        kv("board", s.board().orElse("unknown (no /proc/device-tree/model)")
                + (s.compatible().isEmpty() ? "" : " [" + String.join(", ", s.compatible()) + "]"));
        kv("kernel", s.kernel());
        boolean first = true;
        for (ClusterInfo cl : s.clusters()) {
            List<String> parts = new ArrayList<>();
            parts.add(Ascii.padRight(cl.name(), 8) + " cpus " + Ascii.padRight(cl.cpus(), 5));
            parts.add(Ascii.padRight(cl.role() == CpuRole.EQUAL ? "" : cl.role().toString(), 6));
            parts.add(cl.capacity().isPresent() ? "capacity " + Ascii.padRight(cl.capacity().getAsLong(), 5) : "capacity -    ");
            parts.add(cl.maxFreqKhz().isPresent() ? "max " + Ascii.padLeft(cl.maxFreqKhz().getAsLong() / 1000, 4) + " MHz"
                    : "max    - MHz");
            parts.add("governor " + cl.governor().orElse("-") + (cl.driver().isPresent() ? " (" + cl.driver().get() + ")" : ""));
            String text = String.join(" ", parts);
            if (first) {
                kv("CPUs", text);
                first = false;
            } else {
                more(text);
            }
        }
        if (s.clusters().isEmpty()) {
            kv("CPUs", "none online");
        }
        if (!s.bigLittle()) {
            more("(all CPUs rank equal: no big/little cores)");
        }
        kv("pcie_aspm", s.aspmPolicy().isPresent() ? "policy " + s.aspmPolicy().get() + "  ("
                + s.aspmPolicyLine().orElse("") + ")" : "no policy file (ASPM support not built in)");
    }

    private static String aspm(Port p) {
        return (p.aspmSupport().equals("not supported") ? "ASPM not supported" : p.aspmSupport() + " supported")
                + ", " + p.aspmControl();
    }

    private void card(Card card, boolean fromDump, String policy) {
        line("", BOLD, "Card " + card.bdf(), "  " + card.id() + (card.expected() ? " AX650N" : "") + "  driver "
                + card.driver().orElse(fromDump ? "unknown (not in a dump)" : "none"));
        kv("config", card.configBytes() + " bytes" + (card.notes().isEmpty() ? "" : "; " + String.join("; ", card.notes())));
        if (card.card().isEmpty()) {
            kv("PCIe link", card.configBytes() >= 256 ? "none: no PCI Express capability (a conventional PCI function)"
                    : "not decoded (no PCI Express capability in the bytes read)");
        } else {
            kv("PCIe link", portLine(card.card().get()));
            more(card.upstream().isPresent() ? portLine(card.upstream().get()) : "upstream port: not decoded");
        }
        if (card.limit().isPresent()) {
            Limit l = card.limit().get();
            more("speed: " + l.speedText());
            more("width: " + l.widthText());
            kv("bandwidth", "now " + mb(l.nowMBps()) + " per direction; possible " + mb(l.attainableMBps())
                    + " in this slot, " + mb(l.cardCapableMBps()) + " with the card's full link");
        }
        if (card.card().isPresent()) {
            Port p = card.card().get();
            Optional<Port> u = card.upstream();
            kv("payload", "MaxPayload " + opt(p.maxPayload()) + " (card supports " + opt(p.maxPayloadSupported())
                    + (u.isPresent() ? ", " + u.get().role() + " " + opt(u.get().maxPayload()) : "") + "), MaxReadReq "
                    + opt(p.maxReadRequest())
                    + (!card.expected() ? "" : p.maxReadRequest().orElse(-1) == 512 ? " (AXCL needs 512: ok)"
                    : " (AXCL needs 512!)"));
            kv("ASPM", "card " + aspm(p) + (u.isPresent() ? "; " + u.get().role() + " " + aspm(u.get()) : "") + policy);
        }
        if (card.aer().isPresent()) {
            Aer a = card.aer().get();
            switch (a.source()) {
                case SYSFS -> kv("AER", "correctable " + opt(a.correctable()) + ", non-fatal " + opt(a.nonFatal())
                        + ", fatal " + opt(a.fatal()) + counters(a.counters()) + " (sysfs counters since boot)");
                case STATUS_BITS -> kv("AER", "status bits: correctable "
                        + (a.correctableStatus().isEmpty() ? "none" : String.join(" ", a.correctableStatus()))
                        + ", uncorrectable (unmasked) "
                        + (a.uncorrectableStatus().isEmpty() ? "none" : String.join(" ", a.uncorrectableStatus())));
                case NONE -> kv("AER", "no AER capability and no sysfs counters");
            }
        }
        if (card.irqs().isEmpty() && !fromDump) {
            kv("IRQs", "no MSI IRQ" + (card.driver().isEmpty() ? " (no driver bound)" : ""));
        }
        boolean first = true;
        for (Irq i : card.irqs()) {
            String head = "irq " + i.irq() + "  smp_affinity_list " + i.affinity().orElse("-") + "  effective "
                    + i.effective().orElse("-");
            if (first) {
                kv("IRQs", head);
                first = false;
            } else {
                more(head);
            }
            List<String> counts = new ArrayList<>();
            for (CpuCount cc : i.counts()) {
                counts.add("CPU" + cc.cpu() + (cc.role() == CpuRole.EQUAL ? "" : " (" + cc.role() + ")") + " " + cc.count());
            }
            more("  interrupts " + i.total() + (counts.isEmpty() ? "" : ": " + String.join(", ", counts)));
            more("  thread " + (i.thread().isPresent() ? thread(i.thread().get())
                    : "none (no irq/" + i.irq() + "-* kernel thread)"));
        }
    }

    private static String thread(IrqThread t) {
        if (t.lastCpu().isEmpty()) {
            return t.comm() + " (pid " + t.pid() + ") last ran on unknown CPU";
        }
        boolean named = t.role().isPresent() && t.role().get() != CpuRole.EQUAL;
        return t.comm() + " (pid " + t.pid() + ") last ran on CPU" + t.lastCpu().getAsInt()
                + (named ? " (" + t.role().get() + ")" : "");
    }

    private static String portLine(Port p) {
        return Ascii.padRight(p.role() + " " + p.bdf() + " (" + p.portType() + ")", 35) + " " + p.speed() + " x" + p.width()
                + (p.speedDowngraded() ? " (speed downgraded)" : "") + (p.widthDowngraded() ? " (width downgraded)" : "")
                + ", capable " + p.maxSpeed() + " x" + p.maxWidth()
                + (p.dlActive().isEmpty() ? "" : p.dlActive().get() ? ", DLActive+" : ", DLActive- (link down)");
    }

    private static String counters(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
            parts.add(e.getKey() + " " + e.getValue());
        }
        return " [" + String.join(", ", parts) + "]";
    }

    private static String mb(java.util.OptionalLong v) {
        return v.isPresent() ? v.getAsLong() + " MB/s" : "unknown";
    }

    private static String opt(java.util.OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "-";
    }

    private static String opt(java.util.OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }
}
