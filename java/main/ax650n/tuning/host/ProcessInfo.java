package ax650n.tuning.host;

import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/** A process or kernel thread of interest (irqbalance, IRQ threads): its comm and last CPU. */
public record ProcessInfo(int pid, String comm, OptionalInt lastCpu) {
    /** kthreadd: every kernel thread, IRQ threads included, is its child. */
    static final String KTHREADD = "/proc/2";
    /** kthreadd's children (CONFIG_PROC_CHILDREN), space-separated pids. */
    static final String KTHREADD_CHILDREN = KTHREADD + "/task/2/children";

    /** The IRQ number of an IRQ thread {@code irq/<N>-<name>}, when this is one. */
    public OptionalInt irqThreadOf() {
        return irqOfThreadName(comm);
    }

    private static OptionalInt irqOfThreadName(String comm) {
        if (!comm.startsWith("irq/")) {
            return OptionalInt.empty();
        }
        int dash = comm.indexOf('-', 4);
        int irq = Ascii.decimal(dash < 0 ? comm.substring(4) : comm.substring(4, dash));
        return irq < 0 ? OptionalInt.empty() : OptionalInt.of(irq);
    }

    /**
     * The processes a snapshot needs: irqbalance when {@code irqbalance}, and the IRQ threads
     * ({@code irq/N-…}) of every IRQ when {@code everyIrqThread}, else of {@code irqs}; in the
     * order of their pids' names, as /proc lists them.
     *
     * <p>IRQ threads are kernel threads, so they are looked for among kthreadd's children
     * ({@value #KTHREADD_CHILDREN}) without listing /proc; irqbalance among the other processes.
     * Where that file is absent or unreadable (a kernel without CONFIG_PROC_CHILDREN, a captured
     * tree), or pid 2 is not kthreadd (a PID namespace), every process of /proc is looked at, as
     * both. The scan reads without recording: only the matching processes' comm and stat are
     * recorded, so a captured snapshot holds nothing of other processes (not even their pids).
     */
    static List<ProcessInfo> read(SysRoot root, boolean irqbalance, boolean everyIrqThread, List<Integer> irqs) {
        boolean threads = everyIrqThread || !irqs.isEmpty();
        Map<String, ProcessInfo> found = new TreeMap<>();
        if (!irqbalance && !threads) {
            return List.of();
        }
        Optional<List<String>> kernel = kernelThreads(root);
        if (kernel.isPresent()) {
            if (threads) {
                for (String pid : kernel.get()) {
                    look(root, pid, false, everyIrqThread, irqs, found);
                }
            }
            if (irqbalance) {
                Set<String> skip = new HashSet<>(kernel.get());
                skip.add("2");
                for (String pid : pids(root)) {
                    if (!skip.contains(pid)) {
                        look(root, pid, true, false, List.of(), found);
                    }
                }
            }
        } else {
            for (String pid : pids(root)) {
                look(root, pid, irqbalance, threads && everyIrqThread, threads ? irqs : List.of(), found);
            }
        }
        return List.copyOf(found.values());
    }

    /** kthreadd's children, when pid 2 is kthreadd and the list reads as pids; else empty. */
    static Optional<List<String>> kernelThreads(SysRoot root) {
        Optional<String> comm = root.readUnrecorded(KTHREADD + "/comm");
        if (comm.isEmpty() || !comm.get().equals("kthreadd")) {
            return Optional.empty();
        }
        Optional<String> children = root.readUnrecorded(KTHREADD_CHILDREN);
        if (children.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        String list = children.get().trim();
        for (String pid : list.isEmpty() ? new String[0] : Ascii.splitSpace(list)) {
            if (Ascii.decimal(pid) < 0) {
                return Optional.empty(); // not the kernel's format: look at every process instead
            }
            out.add(pid);
        }
        return Optional.of(out);
    }

    /** The names in /proc that are pids, unrecorded; none when /proc cannot be listed. */
    private static List<String> pids(SysRoot root) {
        List<String> out = new ArrayList<>();
        List<String> names;
        try {
            names = root.listUnrecorded("/proc");
        } catch (IOException e) {
            return out;
        }
        for (String n : names) {
            if (Ascii.decimal(n) >= 0) {
                out.add(n);
            }
        }
        return out;
    }

    /** Looks at one process's comm (unrecorded); a match is read again, recorded, with its stat. */
    private static void look(SysRoot root, String pid, boolean irqbalance, boolean everyIrqThread, List<Integer> irqs,
                             Map<String, ProcessInfo> found) {
        Optional<String> comm = root.readUnrecorded("/proc/" + pid + "/comm");
        if (comm.isEmpty() || !wanted(comm.get(), irqbalance, everyIrqThread, irqs)) {
            return;
        }
        Optional<String> recorded = root.readOptional("/proc/" + pid + "/comm");
        if (recorded.isEmpty()) {
            return; // exited meanwhile
        }
        Optional<String> stat = root.readOptional("/proc/" + pid + "/stat");
        OptionalInt cpu = stat.isPresent() ? lastCpuFromStat(stat.get()) : OptionalInt.empty();
        found.put(pid, new ProcessInfo(Ascii.decimal(pid), recorded.get(), cpu));
    }

    private static boolean wanted(String comm, boolean irqbalance, boolean everyIrqThread, List<Integer> irqs) {
        if (irqbalance && comm.equals("irqbalance")) {
            return true;
        }
        if (!comm.startsWith("irq/")) {
            return false;
        }
        if (everyIrqThread) {
            return true;
        }
        OptionalInt irq = irqOfThreadName(comm);
        return irq.isPresent() && irqs.contains(irq.getAsInt());
    }

    /** Field 39 of /proc/pid/stat (processor), counted after the ')' that closes comm. */
    static OptionalInt lastCpuFromStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalInt.empty();
        }
        String[] f = Ascii.splitSpace(stat.substring(close + 1).trim());
        // f[0] is field 3 (state); processor is field 39 -> index 36
        if (f.length <= 36 || !Ascii.digits(f[36], 0, 1, 6)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(f[36]));
    }
}
