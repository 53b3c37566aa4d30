package ax650n.tuning.host;

import ax650n.tuning.cpu.CpuInfo;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.cpu.IdleState;
import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Reads the CPU part of a {@link HostSnapshot}: online CPUs, cpufreq policies, capacities, idle states. */
final class CpuReader {
    static final String CPU_DIR = HostSnapshot.CPU_DIR;

    private CpuReader() {
    }

    static CpuTopology read(SysRoot root) throws IOException {
        String onlinePath = CPU_DIR + "/online";
        if (!root.exists(onlinePath)) {
            throw new HostReadException(onlinePath, "missing (is this a Linux sysfs tree?)");
        }
        CpuSet online = cpus(root, onlinePath, false);
        if (online.isEmpty()) {
            throw new HostReadException(onlinePath, "lists no online CPU");
        }
        List<CpufreqPolicy> policies = new ArrayList<>();
        Map<Integer, String> policyOf = new TreeMap<>();
        for (String name : root.list(CPU_DIR + "/cpufreq")) {
            if (!Ascii.prefixedDigits(name, "policy", 1, Integer.MAX_VALUE)) {
                continue;
            }
            String dir = CPU_DIR + "/cpufreq/" + name;
            String relatedPath = root.exists(dir + "/related_cpus") ? dir + "/related_cpus" : dir + "/affected_cpus";
            if (!root.exists(relatedPath)) {
                continue; // a policy of an offline cluster keeps its directory but not always its files
            }
            CpuSet related = cpus(root, relatedPath, true);
            OptionalLong max = longOpt(root, dir + "/cpuinfo_max_freq", "a frequency in kHz");
            Optional<String> gov = root.readOptional(dir + "/scaling_governor");
            List<String> avail = words(root.readOptional(dir + "/scaling_available_governors"));
            Optional<String> driver = root.readOptional(dir + "/scaling_driver");
            policies.add(new CpufreqPolicy(name, related, max, gov, avail, driver));
            for (int c : related.toArray()) {
                policyOf.put(c, name);
            }
        }
        List<CpuInfo> cpus = new ArrayList<>();
        for (int c : online.toArray()) {
            String dir = CPU_DIR + "/cpu" + c;
            OptionalLong cap = longOpt(root, dir + "/cpu_capacity", "a CPU capacity");
            List<IdleState> idle = idleStates(root, c, dir);
            cpus.add(new CpuInfo(c, cap, Optional.ofNullable(policyOf.get(c)), idle));
        }
        return new CpuTopology(online, cpus, policies);
    }

    private static List<IdleState> idleStates(SysRoot root, int cpu, String dir) throws IOException {
        List<IdleState> idle = new ArrayList<>();
        for (String st : root.list(dir + "/cpuidle")) {
            if (!Ascii.prefixedDigits(st, "state", 1, Integer.MAX_VALUE)) {
                continue;
            }
            String sd = dir + "/cpuidle/" + st;
            // the kernel numbers a CPU's idle states from 0 and has at most CPUIDLE_STATE_MAX (10)
            if (!Ascii.prefixedDigits(st, "state", 1, 3)) {
                throw new HostReadException(sd, "not a cpuidle state directory (the kernel numbers them 0-9)");
            }
            int idx = Integer.parseInt(st.substring(5));
            String name = root.readOptional(sd + "/name").orElse(st);
            long lat = longOpt(root, sd + "/latency", "a latency in microseconds").orElse(0);
            Optional<String> disable = root.readOptional(sd + "/disable");
            boolean dis = disable.isPresent() && !disable.get().trim().equals("0");
            idle.add(new IdleState(cpu, idx, name, lat, dis));
        }
        // by index (the listing's order is the file system's)
        for (int i = 1; i < idle.size(); i++) {
            IdleState s = idle.get(i);
            int j = i - 1;
            while (j >= 0 && idle.get(j).index() > s.index()) {
                idle.set(j + 1, idle.get(j));
                j--;
            }
            idle.set(j + 1, s);
        }
        return idle;
    }

    /** The white-space separated words of an optional attribute (none when absent). */
    static List<String> words(Optional<String> text) {
        List<String> out = new ArrayList<>();
        if (text.isPresent()) {
            for (String w : Ascii.splitSpace(text.get().trim())) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** A CPU list ({@code 0-3,6}) or, with {@code spaced}, a space-separated one ({@code 0 1 2 3}). */
    private static CpuSet cpus(SysRoot root, String path, boolean spaced) throws IOException {
        String text = root.readString(path);
        try {
            return spaced ? CpuSet.parseSpaced(text) : CpuSet.parseList(text);
        } catch (CpuSetFormatException e) {
            throw new HostReadException(path, e.getMessage(), e);
        }
    }

    /**
     * An optional non-negative decimal attribute. Anything else (a sign, a fraction, a value that
     * does not fit 63 bits) is a host-data error naming the file and the value, never a guess.
     */
    static OptionalLong longOpt(SysRoot root, String path, String what) throws HostReadException {
        Optional<String> s = root.readOptional(path);
        if (s.isEmpty() || s.get().isBlank()) {
            return OptionalLong.empty();
        }
        String v = s.get().strip();
        if (!Ascii.isDigits(v)) {
            throw new HostReadException(path, "not " + what + " (a whole number >= 0): '" + Printable.clip(v) + "'");
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new HostReadException(path, "not " + what + " (too large): '" + Printable.clip(v) + "'");
        }
    }
}
