package ax650n.tuning.diag;

import ax650n.tuning.cpu.Cluster;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.diag.Report.Aer;
import ax650n.tuning.diag.Report.Card;
import ax650n.tuning.diag.Report.ClusterInfo;
import ax650n.tuning.diag.Report.CpuCount;
import ax650n.tuning.diag.Report.Irq;
import ax650n.tuning.diag.Report.IrqThread;
import ax650n.tuning.diag.Report.Irqbalance;
import ax650n.tuning.diag.Report.Limit;
import ax650n.tuning.diag.Report.Port;
import ax650n.tuning.diag.Report.Recommendation;
import ax650n.tuning.diag.Report.Severity;
import ax650n.tuning.diag.Report.Source;
import ax650n.tuning.diag.Report.SystemInfo;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.host.ProcessInfo;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.ConfigSpace;
import ax650n.tuning.pci.ConfigSpaceException;
import ax650n.tuning.pci.Header;
import ax650n.tuning.pci.LinkBandwidth;
import ax650n.tuning.pci.LinkLimit;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.pci.PciExpress;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Config.CardId;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Host snapshot (or pasted lspci dump) + configuration -> {@link Report}. Pure: reads nothing,
 * writes nothing; every rule is a function of what the snapshot holds.
 *
 * <p>Rules and their severities (ids as in the JSON):
 * <ul>
 * <li>{@code driver}: AX650N bound to {@code ax_pcie_dev_host} ok; no driver bad; other driver warn.</li>
 * <li>{@code config-space}: unreadable (bad) or short (64 bytes, not root: warn) config space,
 *     a broken capability chain (warn).</li>
 * <li>{@code link}: speed and width against both ends' capabilities. A slot that offers less than
 *     the card is a hardware fact with no software fix: reported ok with the ceiling spelled out,
 *     so a tuned CM3588 exits 0. A link trained below what both ends support, or inconsistent
 *     registers, is warn.</li>
 * <li>{@code link-active}: the upstream port reports Data Link Layer Link Active and it is off: bad.</li>
 * <li>{@code max-payload}: card MaxPayload above the upstream port's: bad; otherwise ok.</li>
 * <li>{@code max-read-request} (AX650N only): 512 ok; anything else bad (128/256 crash the AXCL
 *     driver, 4096 is ~30 % slower).</li>
 * <li>{@code aspm}: ASPM enabled on either end of the link: warn; else ok.</li>
 * <li>{@code aer}: fatal or non-fatal errors counted (sysfs) or unmasked uncorrectable status
 *     bits: bad; correctable errors are corrected by the link and only mentioned (ok).</li>
 * <li>{@code irq-cpu}: each MSI IRQ served (effective affinity) on a CPU the tuning would choose
 *     ({@link Planner#irqCandidates}): ok; on a little core: bad; elsewhere on an all-equal
 *     host (CPU0): warn. {@code irq-missing}: driver bound but no MSI IRQ: warn.</li>
 * <li>{@code governor}: a big-core cpufreq policy (every policy on an all-equal host) not on
 *     {@code performance} while the configuration wants it: warn.</li>
 * <li>{@code governor-owner} ({@link GovernorOwnerRule}): another enabled program that sets
 *     governors at boot (Armbian, cpufrequtils, tuned) with a value the tuning does not want: warn.</li>
 * <li>{@code irqbalance}: running and not banned from the card's IRQs: warn.</li>
 * </ul>
 */
public final class Diagnoser {
    public static final CardId AX650N = CardId.AX650N;
    public static final String FIX_APPLY = "sudo ax650n-tune apply";
    static final String AXCL_MODULE = "ax_pcie_host_dev";

    private Diagnoser() {
    }

    /** The ids looked for: the configured cards plus {@code extra}, without repeats. */
    public static List<CardId> ids(Config config, List<CardId> extra) {
        Set<CardId> s = new LinkedHashSet<>(config.cards());
        s.addAll(extra);
        return List.copyOf(s);
    }

    // ---- host ---------------------------------------------------------------------------

    public static Report diagnose(HostSnapshot host, Config config, List<CardId> extra, Source source) {
        return diagnose(host, config, extra, source, Map.of());
    }

    /**
     * As {@link #diagnose(HostSnapshot, Config, List, Source)}, with the variables of irqbalance's
     * environment files (e.g. {@code IRQBALANCE_ARGS} from {@code /etc/default/irqbalance}), which
     * its unit's {@code ExecStart=} expands: a ban placed there counts.
     */
    public static Report diagnose(HostSnapshot host, Config config, List<CardId> extra, Source source,
                                  Map<String, String> irqbalanceEnv) {
        List<CardId> ids = ids(config, extra);
        CpuTopology cpus = host.cpus();
        List<Recommendation> recs = new ArrayList<>();

        List<ClusterInfo> clusters = new ArrayList<>();
        for (Cluster c : cpus.clusters()) {
            clusters.add(new ClusterInfo(c.name(), c.cpus().toList(), role(cpus, c.cpus().first()), c.capacity(),
                    c.maxFreqKhz(), c.policy().flatMap(CpufreqPolicy::governor), c.policy().flatMap(CpufreqPolicy::driver)));
        }
        SystemInfo system = new SystemInfo(host.boardModel(), host.compatible(), host.kernelRelease(), clusters,
                !cpus.allEqual(), host.aspmPolicy(), host.aspmPolicyLine());

        List<PciDevice> found = host.pciDevices().stream()
                .filter(d -> ids.contains(new CardId(d.vendor(), d.device())))
                .sorted((a, b) -> a.bdf().compareTo(b.bdf())).toList();
        CpuSet candidates;
        try {
            candidates = Planner.irqCandidates(cpus, config);
        } catch (PlanException e) {
            candidates = CpuSet.empty();
            recs.add(new Recommendation(Severity.BAD, "config", "irq_cpus", e.getMessage(),
                    Optional.of("edit irq_cpus in /etc/ax650n-tuning.conf")));
        }

        List<Card> cards = new ArrayList<>();
        for (PciDevice d : found) {
            boolean ax = AX650N.matches(d);
            String bdf = d.bdf().toString();
            // driver
            if (ax) {
                if (d.driver().isEmpty()) {
                    recs.add(rec(Severity.BAD, "driver", bdf, "no driver bound: the AXCL runtime cannot reach the card",
                            "sudo modprobe " + AXCL_MODULE));
                } else if (!d.driver().get().equals(Planner.AXCL_DRIVER)) {
                    recs.add(rec(Severity.WARN, "driver", bdf, "bound to " + d.driver().get() + ", not the AXCL driver "
                            + Planner.AXCL_DRIVER, null));
                } else {
                    recs.add(rec(Severity.OK, "driver", bdf, "AXCL driver " + Planner.AXCL_DRIVER + " bound", null));
                }
            } else {
                recs.add(rec(d.driver().isPresent() ? Severity.OK : Severity.WARN, "driver", bdf,
                        d.driver().map(x -> "driver " + x + " bound").orElse("no driver bound"), null));
            }
            // link, payload, ASPM, AER
            Optional<PciDevice> up = d.upstreamPort().flatMap(host::device);
            LinkPart lp = linkPart(d.bdf(), d.config(), up.map(u -> new Endpoint(u.bdf(), u.config())),
                    d.upstreamPort(), ax, source.kind().equals("live"), recs);
            Optional<Aer> aer = sysfsAer(d, lp.notes).or(() -> lp.aerBits);
            aerRule(bdf, aer, recs);
            // IRQs
            List<Irq> irqs = new ArrayList<>();
            for (int n : d.msiIrqs()) {
                irqs.add(irq(host, cpus, n));
            }
            irqRules(d, irqs, cpus, candidates, recs);
            cards.add(new Card(bdf, d.id(), ax, d.driver(), d.config().length, lp.notes, lp.card, lp.upstream,
                    lp.limit, aer, irqs));
        }

        // governors
        if (config.bigPerformance() && !found.isEmpty()) {
            CpuSet big = cpus.bigCpus();
            List<String> slow = new ArrayList<>();
            List<String> fine = new ArrayList<>();
            for (CpufreqPolicy p : cpus.policies()) {
                if (p.relatedCpus().intersect(big).isEmpty() || p.governor().isEmpty()) {
                    continue;
                }
                String g = p.governor().get();
                (g.equals(Planner.PERFORMANCE) ? fine : slow).add(p.name() + " (cpus " + p.relatedCpus().toList() + ") " + g);
            }
            String which = cpus.allEqual() ? "cpufreq policies" : "big-core cpufreq policies";
            if (!slow.isEmpty()) {
                recs.add(rec(Severity.WARN, "governor", "", which + " not on performance: " + String.join(", ", slow)
                        + ": the cores drop frequency between inference calls", FIX_APPLY));
            } else if (!fine.isEmpty()) {
                recs.add(rec(Severity.OK, "governor", "", which + " on performance", null));
            } else {
                recs.add(rec(Severity.OK, "governor", "", "no cpufreq governor to set on this host", null));
            }
        }

        // other programs that set governors at boot (GovernorOwnerRule)
        if (!found.isEmpty()) {
            recs.addAll(GovernorOwnerRule.check(host, config));
        }

        // irqbalance
        Irqbalance ib = irqbalance(host, found, irqbalanceEnv);
        if (ib.running() && !found.isEmpty()) {
            if (ib.banned().orElse(false)) {
                recs.add(rec(Severity.OK, "irqbalance", "", "irqbalance runs and leaves the card's IRQs alone ("
                        + ib.how() + ")", null));
            } else {
                String fix = !config.banIrqbalance() ? "set irqbalance = ban in /etc/ax650n-tuning.conf, then " + FIX_APPLY
                        : host.irqbalanceExecStart().isEmpty() ? "start irqbalance with " + Planner.banArgs(found)
                        + " (no irqbalance.service for ax650n-tune to extend)" : FIX_APPLY;
                recs.add(rec(Severity.WARN, "irqbalance", "", "irqbalance runs and may move the card's IRQ back to any core ("
                        + ib.how() + ")", fix));
            }
        }
        List<String> looked = ids.stream().map(Object::toString).toList();
        return new Report(source, Optional.of(system), looked, cards, Optional.of(ib), recs);
    }

    static String role(CpuTopology cpus, int cpu) {
        return cpus.isBig(cpu).map(b -> b ? "big" : "little").orElse("equal");
    }

    private static Recommendation rec(Severity s, String id, String subject, String why, String fix) {
        return new Recommendation(s, id, subject, why, Optional.ofNullable(fix));
    }

    // ---- IRQs ---------------------------------------------------------------------------

    private static Irq irq(HostSnapshot host, CpuTopology cpus, int n) {
        Optional<IrqAffinity> a = host.affinity(n);
        Optional<CpuSet> aff = a.flatMap(IrqAffinity::affinity);
        Optional<CpuSet> eff = a.flatMap(IrqAffinity::effective).filter(s -> !s.isEmpty());
        Optional<CpuSet> served = eff.or(() -> aff);
        List<CpuCount> counts = new ArrayList<>();
        long total = 0;
        for (Map.Entry<Integer, Long> e : host.interrupts().countsByCpu(n).entrySet()) {
            total += e.getValue();
            if (e.getValue() > 0) {
                counts.add(new CpuCount(e.getKey(), role(cpus, e.getKey()), e.getValue()));
            }
        }
        Optional<IrqThread> thread = host.irqThread(n).map((ProcessInfo p) -> new IrqThread(p.pid(), p.comm(),
                p.lastCpu(), p.lastCpu().isPresent() ? Optional.of(role(cpus, p.lastCpu().getAsInt())) : Optional.empty()));
        Optional<String> servedRole = served.map(set -> {
            Set<String> roles = new LinkedHashSet<>();
            for (int c : set.toArray()) {
                roles.add(role(cpus, c));
            }
            return String.join(" and ", roles);
        });
        return new Irq(n, aff.map(CpuSet::toList), eff.map(CpuSet::toList), served.map(CpuSet::toList), servedRole,
                counts, total, thread);
    }

    private static void irqRules(PciDevice d, List<Irq> irqs, CpuTopology cpus, CpuSet candidates,
                                 List<Recommendation> recs) {
        String bdf = d.bdf().toString();
        if (irqs.isEmpty()) {
            if (d.driver().isPresent()) {
                recs.add(rec(Severity.WARN, "irq-missing", bdf, "driver " + d.driver().get()
                        + " bound but no MSI IRQ allocated", null));
            }
            return;
        }
        for (Irq i : irqs) {
            String subject = "irq " + i.irq();
            if (i.servedBy().isEmpty()) {
                recs.add(rec(Severity.WARN, "irq-cpu", subject, "no affinity readable under /proc/irq/" + i.irq()
                        + ": cannot tell which CPU serves it", null));
                continue;
            }
            CpuSet served;
            try {
                served = CpuSet.parseList(i.servedBy().get());
            } catch (ax650n.tuning.sys.CpuSetFormatException e) {
                throw new AssertionError(e); // produced by CpuSet.toList
            }
            String where = describe(cpus, served);
            if (!candidates.isEmpty() && candidates.containsAll(served)) {
                recs.add(rec(Severity.OK, "irq-cpu", subject, "served on " + where, null));
                continue;
            }
            boolean onLittle = !cpus.allEqual() && !cpus.bigCpus().containsAll(served);
            String tuned = candidates.isEmpty() ? "" : " (the tuning picks CPU " + candidates.first() + ")";
            if (onLittle) {
                recs.add(rec(Severity.BAD, "irq-cpu", subject, "served on " + where
                        + ": a little core slows every transfer the runtime waits on" + tuned, FIX_APPLY));
            } else {
                recs.add(rec(Severity.WARN, "irq-cpu", subject, "served on " + where
                        + (served.contains(0) ? ", which also carries most housekeeping" : ", not a CPU the tuning chose")
                        + tuned, FIX_APPLY));
            }
        }
    }

    /** "CPU0 (little)", "CPUs 0-7 (little and big)", "CPU3". */
    static String describe(CpuTopology cpus, CpuSet set) {
        Set<String> roles = new LinkedHashSet<>();
        for (int c : set.toArray()) {
            String r = role(cpus, c);
            if (!r.equals("equal")) {
                roles.add(r);
            }
        }
        String head = set.size() == 1 ? "CPU" + set.first() : "CPUs " + set.toList();
        return roles.isEmpty() ? head : head + " (" + String.join(" and ", roles) + ")";
    }

    // ---- irqbalance ---------------------------------------------------------------------

    static Irqbalance irqbalance(HostSnapshot host, List<PciDevice> cards, Map<String, String> env) {
        if (!host.irqbalanceRunning()) {
            return new Irqbalance(false, Optional.empty(), "not running");
        }
        if (cards.isEmpty()) {
            return new Irqbalance(true, Optional.empty(), "running; no card to keep it away from");
        }
        Set<String> mods = Planner.banModules(cards);
        List<Integer> irqs = new ArrayList<>();
        for (PciDevice c : cards) {
            irqs.addAll(c.msiIrqs());
        }
        Optional<String> dropinExec = host.irqbalanceDropin().flatMap(HostSnapshot::lastExecStart).map(e -> expand(e, env));
        String dropinName = HostSnapshot.IRQBALANCE_DROPIN.substring(HostSnapshot.IRQBALANCE_DROPIN.lastIndexOf('/') + 1);
        if (dropinExec.isPresent() && bansAll(dropinExec.get(), mods, irqs)) {
            return new Irqbalance(true, Optional.of(true), "drop-in " + dropinName + ": "
                    + String.join(" ", mods.stream().map(m -> "--banmod=" + m).toList()));
        }
        Optional<String> unitExec = host.irqbalanceExecStart().map(e -> expand(e, env));
        if (dropinExec.isEmpty() && unitExec.isPresent() && bansAll(unitExec.get(), mods, irqs)) {
            return new Irqbalance(true, Optional.of(true), "its unit's command line bans the card: " + unitExec.get());
        }
        String why;
        if (host.irqbalanceDropin().isPresent()) {
            why = "drop-in " + dropinName + " present but does not ban " + String.join(", ", mods);
        } else if (unitExec.isEmpty()) {
            why = "no irqbalance.service unit found and no " + dropinName;
        } else {
            why = "no " + dropinName + " and no --banmod=/--banirq= for the card";
        }
        return new Irqbalance(true, Optional.of(false), why);
    }

    /** Expands {@code $NAME} and {@code ${NAME}} as systemd does in ExecStart= (unknown names: empty). */
    static String expand(String exec, Map<String, String> env) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(exec);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        m.appendTail(sb);
        return sb.toString().strip().replaceAll("\\s+", " ");
    }

    /**
     * Variables of systemd EnvironmentFile= text: {@code KEY=value} lines, values optionally in
     * single or double quotes, {@code #} and {@code ;} comment lines. Later files override earlier ones.
     */
    public static Map<String, String> environmentFile(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring(7).strip();
            }
            int eq = l.indexOf('=');
            if (eq <= 0 || !l.substring(0, eq).strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1);
            }
            m.put(l.substring(0, eq).strip(), v);
        }
        return m;
    }

    static boolean bansAll(String exec, Set<String> mods, List<Integer> irqs) {
        List<String> words = List.of(exec.trim().split("\\s+"));
        boolean modsBanned = !mods.isEmpty() && mods.stream().allMatch(m -> words.contains("--banmod=" + m)
                || adjacent(words, "--banmod", m) || adjacent(words, "-m", m));
        boolean irqsBanned = !irqs.isEmpty() && irqs.stream().allMatch(n -> words.contains("--banirq=" + n)
                || adjacent(words, "--banirq", Integer.toString(n)) || adjacent(words, "-i", Integer.toString(n)));
        return modsBanned || irqsBanned;
    }

    private static boolean adjacent(List<String> words, String flag, String value) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(flag) && words.get(i + 1).equals(value)) {
                return true;
            }
        }
        return false;
    }

    // ---- AER ----------------------------------------------------------------------------

    /** AER counters from sysfs aer_dev_*; empty when the kernel has none for this device. */
    static Optional<Aer> sysfsAer(PciDevice d, List<String> notes) {
        Map<String, Long> counters = new LinkedHashMap<>();
        long[] totals = new long[3];
        boolean any = false;
        String[] attrs = {"aer_dev_correctable", "aer_dev_nonfatal", "aer_dev_fatal"};
        String[] totalKeys = {"TOTAL_ERR_COR", "TOTAL_ERR_NONFATAL", "TOTAL_ERR_FATAL"};
        boolean[] present = new boolean[3];
        for (int k = 0; k < 3; k++) {
            Optional<String> text = d.attribute(attrs[k]);
            if (text.isEmpty()) {
                continue;
            }
            present[k] = true;
            any = true;
            long sum = 0;
            OptionalLong total = OptionalLong.empty();
            for (String line : text.get().split("\n")) {
                String l = line.strip();
                if (l.isEmpty()) {
                    continue;
                }
                String[] f = l.split("\\s+");
                if (f.length != 2 || !f[1].matches("\\d{1,18}")) {
                    notes.add(attrs[k] + ": unreadable line '" + l + "' ignored");
                    continue;
                }
                long v = Long.parseLong(f[1]);
                if (f[0].equals(totalKeys[k])) {
                    total = OptionalLong.of(v);
                } else {
                    sum += v;
                    if (v > 0) {
                        counters.put(f[0], v);
                    }
                }
            }
            totals[k] = total.orElse(sum);
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new Aer("sysfs", present[0] ? OptionalLong.of(totals[0]) : OptionalLong.empty(),
                present[1] ? OptionalLong.of(totals[1]) : OptionalLong.empty(),
                present[2] ? OptionalLong.of(totals[2]) : OptionalLong.empty(), counters, List.of(), List.of()));
    }

    static void aerRule(String bdf, Optional<Aer> aer, List<Recommendation> recs) {
        if (aer.isEmpty()) {
            return;
        }
        Aer a = aer.get();
        if (a.source().equals("sysfs")) {
            long nf = a.nonFatal().orElse(0);
            long f = a.fatal().orElse(0);
            long c = a.correctable().orElse(0);
            String counts = "correctable " + c + ", non-fatal " + nf + ", fatal " + f + " since boot";
            if (nf > 0 || f > 0) {
                recs.add(rec(Severity.BAD, "aer", bdf, "uncorrectable PCIe errors: " + counts
                        + ": transfers were lost; check the card's seating and power", null));
            } else {
                recs.add(rec(Severity.OK, "aer", bdf, c > 0 ? counts + " (corrected by link-level replay)" : "no PCIe errors since boot", null));
            }
        } else if (a.source().equals("status-bits")) {
            if (!a.uncorrectableStatus().isEmpty()) {
                recs.add(rec(Severity.BAD, "aer", bdf, "AER uncorrectable status: " + String.join(" ", a.uncorrectableStatus())
                        + ": transfers were lost; check the card's seating and power", null));
            } else {
                recs.add(rec(Severity.OK, "aer", bdf, a.correctableStatus().isEmpty() ? "no AER error status bits set"
                        : "AER correctable status " + String.join(" ", a.correctableStatus()) + " (corrected by the link)", null));
            }
        }
    }

    // ---- link, payload, ASPM ------------------------------------------------------------

    record Endpoint(Bdf bdf, byte[] config) {
    }

    /** The decoded link part of one card. */
    static final class LinkPart {
        final List<String> notes = new ArrayList<>();
        Optional<Port> card = Optional.empty();
        Optional<Port> upstream = Optional.empty();
        Optional<Limit> limit = Optional.empty();
        Optional<Aer> aerBits = Optional.empty();
    }

    static LinkPart linkPart(Bdf bdf, byte[] config, Optional<Endpoint> up, Optional<Bdf> upBdf, boolean ax,
                             boolean live, List<Recommendation> recs) {
        LinkPart lp = new LinkPart();
        String subject = bdf.toString();
        String rootFix = live ? "sudo ax650n-diagnose" : null;
        if (config.length < ConfigSpace.HEADER_SIZE) {
            lp.notes.add(config.length == 0 ? "config space unreadable" : "config space only " + config.length + " bytes");
            recs.add(rec(Severity.BAD, "config-space", subject, "config space unreadable: link, payload sizes and AER unknown",
                    rootFix));
            return lp;
        }
        ConfigSpace cs;
        try {
            cs = ConfigSpace.decode(config);
        } catch (ConfigSpaceException e) {
            throw new AssertionError(e); // length checked above
        }
        lp.notes.addAll(cs.findings());
        lp.notes.addAll(cs.missing().stream().map(m -> "not read: " + m).toList());
        if (config.length < ConfigSpace.CONVENTIONAL_SIZE) {
            recs.add(rec(Severity.WARN, "config-space", subject, "only " + config.length
                    + " bytes of config space readable (root reads all of it): link and payload not decoded", rootFix));
        } else if (!cs.findings().isEmpty()) {
            recs.add(rec(Severity.WARN, "config-space", subject, "config space malformed: " + String.join("; ", cs.findings()), null));
        }
        if (cs.header().vendorId() == 0xffff) {
            recs.add(rec(Severity.BAD, "link-active", subject, "config space reads all ones: the card does not answer", null));
            return lp;
        }
        Optional<ConfigSpace> upCs = Optional.empty();
        if (up.isPresent() && up.get().config().length >= ConfigSpace.HEADER_SIZE) {
            try {
                upCs = Optional.of(ConfigSpace.decode(up.get().config()));
            } catch (ConfigSpaceException e) {
                throw new AssertionError(e);
            }
        }
        lp.card = port(cs, "card", bdf);
        if (up.isPresent() && upCs.isPresent()) {
            PortTypeName t = portTypeName(upCs.get());
            lp.upstream = port(upCs.get(), t.role, up.get().bdf());
        }
        Optional<PciExpress.Link> cl = cs.link();
        Optional<PciExpress.Link> ul = upCs.flatMap(ConfigSpace::link);
        String upName = lp.upstream.map(p -> p.role() + " " + p.bdf()).orElse(upBdf.map(b -> "upstream port " + b)
                .orElse("upstream port"));

        // link
        if (cl.isPresent() && ul.isPresent()) {
            LinkLimit limit = LinkLimit.of(cl.get(), ul.get());
            lp.limit = Optional.of(new Limit(limit.speed().limiter().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    limit.speed().text(), limit.width().limiter().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    limit.width().text(), mb(limit.current()), mb(limit.attainable()), mb(limit.cardCapable())));
            List<LinkLimit.Verdict> vs = List.of(limit.speed(), limit.width());
            boolean trouble = vs.stream().anyMatch(v -> v.limiter() == LinkLimit.Limiter.TRAINED_BELOW_BOTH
                    || v.limiter() == LinkLimit.Limiter.INCONSISTENT);
            String now = cl.get().currentBandwidth().map(b -> String.format("%.0f MB/s per direction", b.megabytesPerSecond()))
                    .orElse("no bandwidth (link down)");
            if (trouble) {
                recs.add(rec(Severity.WARN, "link", subject, limit.speed().text() + "; " + limit.width().text()
                        + ": reseat the card or check the slot; the link retrains at the next boot", null));
            } else if (limit.speed().limiter() == LinkLimit.Limiter.SLOT || limit.width().limiter() == LinkLimit.Limiter.SLOT) {
                List<String> parts = new ArrayList<>();
                for (LinkLimit.Verdict v : vs) {
                    if (v.limiter() == LinkLimit.Limiter.SLOT) {
                        parts.add(v.text());
                    }
                }
                recs.add(rec(Severity.OK, "link", subject, String.join("; ", parts) + ": " + now
                        + " is the ceiling of this slot (hardware; nothing to fix in software)", null));
            } else {
                recs.add(rec(Severity.OK, "link", subject, "link " + speedLabel(cl.get()) + " x" + cl.get().width() + ", "
                        + now + ", the most both ends support", null));
            }
        } else if (cl.isPresent()) {
            PciExpress.Link l = cl.get();
            if (l.speedDowngraded() || l.widthDowngraded()) {
                recs.add(rec(Severity.WARN, "link", subject, "link " + speedLabel(l) + " x" + l.width() + " below the card's "
                        + speedOf(l.maxSpeedCode()) + " x" + l.maxWidth() + "; " + upName
                        + " not decoded, so which end limits is unknown", null));
            } else {
                recs.add(rec(Severity.OK, "link", subject, "link " + speedLabel(l) + " x" + l.width()
                        + ", the card's maximum", null));
            }
        }
        // DLActive on the upstream port (endpoints do not report it)
        if (ul.isPresent() && (ul.get().capabilities() & (1 << 20)) != 0 && !ul.get().dataLinkActive()) {
            recs.add(rec(Severity.BAD, "link-active", subject, upName + " reports the data link down (DLActive-)",
                    null));
        }
        // payload
        Optional<PciExpress.Device> cdev = cs.express().flatMap(PciExpress::device);
        Optional<PciExpress.Device> udev = upCs.flatMap(ConfigSpace::express).flatMap(PciExpress::device);
        if (cdev.isPresent() && udev.isPresent()) {
            int c = cdev.get().maxPayload();
            int u = udev.get().maxPayload();
            if (c > u) {
                recs.add(rec(Severity.BAD, "max-payload", subject, "MaxPayload " + c + " on the card but " + u + " on "
                        + upName + ": larger packets are malformed for the receiver", "boot with pci=pcie_bus_safe"));
            } else {
                recs.add(rec(Severity.OK, "max-payload", subject, "MaxPayload " + c + " (card supports "
                        + cdev.get().maxPayloadSupported() + ", " + upName + " set to " + u + ")", null));
            }
        }
        if (ax && cdev.isPresent()) {
            int mrrs = cdev.get().maxReadRequest();
            if (mrrs == 512) {
                recs.add(rec(Severity.OK, "max-read-request", subject, "MaxReadReq 512, as the AXCL driver needs", null));
            } else {
                String why = mrrs < 512 ? "MaxReadReq " + mrrs + ": 128 and 256 crash the AXCL driver; it needs 512"
                        : "MaxReadReq " + mrrs + ": above 512 is slower (4096 measured ~30% slower); the AXCL driver needs 512";
                recs.add(rec(Severity.BAD, "max-read-request", subject, why,
                        "sudo setpci -s " + bdf + " CAP_EXP+8.w=2000:7000"));
            }
        }
        // ASPM
        if (cl.isPresent()) {
            List<String> on = new ArrayList<>();
            if (cl.get().aspmControl() != 0) {
                on.add("card " + cl.get().aspmControlLabel());
            }
            if (ul.isPresent() && ul.get().aspmControl() != 0) {
                on.add(upName + " " + ul.get().aspmControlLabel());
            }
            if (!on.isEmpty()) {
                recs.add(rec(Severity.WARN, "aspm", subject, "ASPM on the link (" + String.join(", ", on)
                        + "): every wake from a low-power state adds latency",
                        "set pcie_aspm = performance in /etc/ax650n-tuning.conf, then " + FIX_APPLY));
            } else {
                recs.add(rec(Severity.OK, "aspm", subject, "ASPM disabled on the link (card: "
                        + (cl.get().aspmSupport() == 0 ? "no ASPM support" : cl.get().aspmSupportLabel() + " supported") + ")", null));
            }
        }
        // AER status bits (used when sysfs has no counters)
        if (cs.aer().isPresent()) {
            ax650n.tuning.pci.Aer a = cs.aer().get();
            List<String> unc = new ArrayList<>();
            int unmasked = a.uncorrectableStatus() & ~a.uncorrectableMask();
            for (String name : a.uncorrectableErrors()) {
                if ((unmasked & (1 << ax650n.tuning.pci.Aer.UNCORRECTABLE_BITS.get(name))) != 0) {
                    unc.add(name);
                }
            }
            lp.aerBits = Optional.of(new Aer("status-bits", OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    Map.of(), a.correctableErrors(), unc));
        } else if (cs.express().isPresent()) {
            lp.aerBits = Optional.of(new Aer("none", OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    Map.of(), List.of(), List.of()));
        }
        return lp;
    }

    private static OptionalLong mb(Optional<LinkBandwidth> b) {
        return b.isPresent() ? OptionalLong.of(Math.round(b.get().megabytesPerSecond())) : OptionalLong.empty();
    }

    private static String speedLabel(PciExpress.Link l) {
        return speedOf(l.speedCode());
    }

    private static String speedOf(int code) {
        return ax650n.tuning.pci.LinkSpeed.labelOf(code);
    }

    private record PortTypeName(String role) {
    }

    private static PortTypeName portTypeName(ConfigSpace cs) {
        Optional<PciExpress> e = cs.express();
        if (e.isPresent() && e.get().portType() == ax650n.tuning.pci.PortType.ROOT_PORT) {
            return new PortTypeName("root port");
        }
        return new PortTypeName("upstream port");
    }

    static Optional<Port> port(ConfigSpace cs, String role, Bdf bdf) {
        Optional<PciExpress> e = cs.express();
        if (e.isEmpty()) {
            return Optional.empty();
        }
        Optional<PciExpress.Link> l = e.get().link();
        Optional<PciExpress.Device> d = e.get().device();
        if (l.isEmpty()) {
            return Optional.empty();
        }
        PciExpress.Link k = l.get();
        boolean reports = (k.capabilities() & (1 << 20)) != 0;
        return Optional.of(new Port(role, bdf.toString(), e.get().portTypeLabel(), speedOf(k.maxSpeedCode()),
                k.maxWidth(), speedOf(k.speedCode()), k.width(), k.speedDowngraded(), k.widthDowngraded(),
                reports ? Optional.of(k.dataLinkActive()) : Optional.empty(), k.aspmSupportLabel(), k.aspmControlLabel(),
                d.map(x -> OptionalInt.of(x.maxPayloadSupported())).orElse(OptionalInt.empty()),
                d.map(x -> OptionalInt.of(x.maxPayload())).orElse(OptionalInt.empty()),
                d.map(x -> OptionalInt.of(x.maxReadRequest())).orElse(OptionalInt.empty())));
    }

    // ---- pasted lspci dump --------------------------------------------------------------

    /**
     * The link and payload part of the report for the cards in a pasted dump. A card's upstream
     * port is the dump's bridge (same domain) whose secondary..subordinate bus range holds the
     * card's bus, the narrowest such range when bridges nest.
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
            CardId id = new CardId(vendor, device);
            if (!ids.contains(id)) {
                continue;
            }
            boolean ax = id.equals(AX650N);
            Optional<LspciDump.Device> up = upstreamInDump(dump, d.bdf());
            LinkPart lp = linkPart(d.bdf(), b, up.map(u -> new Endpoint(u.bdf(), u.bytes())),
                    up.map(LspciDump.Device::bdf), ax, false, recs);
            if (up.isEmpty()) {
                lp.notes.add("no bridge in the dump whose bus range holds bus " + String.format("%02x", d.bdf().bus())
                        + ": upstream port unknown");
            }
            aerRule(d.bdf().toString(), lp.aerBits, recs);
            cards.add(new Card(d.bdf().toString(), id.toString(), ax, Optional.empty(), b.length, lp.notes, lp.card,
                    lp.upstream, lp.limit, lp.aerBits, List.of()));
        }
        cards.sort((x, y) -> x.bdf().compareTo(y.bdf()));
        return new Report(source, Optional.empty(), ids.stream().map(Object::toString).toList(), cards,
                Optional.empty(), recs);
    }

    static Optional<LspciDump.Device> upstreamInDump(LspciDump.Result dump, Bdf card) {
        LspciDump.Device best = null;
        int bestSpan = Integer.MAX_VALUE;
        for (LspciDump.Device d : dump.devices()) {
            if (d.bdf().domain() != card.domain() || d.bdf().equals(card) || d.bytes().length < ConfigSpace.HEADER_SIZE) {
                continue;
            }
            Header h;
            try {
                h = ConfigSpace.decode(d.bytes()).header();
            } catch (ConfigSpaceException e) {
                continue;
            }
            if (h.buses().isEmpty()) {
                continue;
            }
            Header.BridgeBuses bb = h.buses().get();
            if (bb.secondary() <= card.bus() && card.bus() <= bb.subordinate()) {
                int span = bb.subordinate() - bb.secondary();
                if (span < bestSpan) {
                    best = d;
                    bestSpan = span;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
