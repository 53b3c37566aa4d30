package ax650n.tuning.tune;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a plan and reverts the journal. For each change, like irqbalance's activate step:
 * read the live value, skip when it already is the wanted one, journal the original durably
 * (only the first time this boot), write through the native seam, read back. A required
 * change that fails rolls back what this run applied. Kernel files are written with
 * {@link NativeLinux#writeKernelFile}; the irqbalance drop-in is an ordinary file.
 *
 * <p>Test hook: with the system property {@value #PAUSE_PROPERTY}{@code =k} the applier prints
 * {@code ax650n-tune: paused after write k} after its k-th kernel write and stops there, so
 * a test can SIGKILL the process at that exact point.
 */
public final class Applier {
    public static final String PAUSE_PROPERTY = "ax650n.tuning.test.pauseAfterWrite";

    private final SysRoot root;
    private final StateStore store;
    private final ServiceManager services;
    private final PrintStream log;
    private int writes;

    public Applier(SysRoot root, StateStore store, ServiceManager services, PrintStream log) {
        this.root = root;
        this.store = store;
        this.services = services;
        this.log = log;
    }

    /** The outcome of an apply or a revert. */
    public record Result(List<ItemResult> items, List<String> notes, boolean failed) {
    }

    public Result apply(Plan plan) throws IOException, JournalException, NativeUnavailableException {
        NativeLinux.ensureAvailable();
        List<ItemResult> items = new ArrayList<>();
        List<String> notes = new ArrayList<>(plan.notes());
        try (StateStore.Lock lock = store.lock()) {
            if (store.exists() && store.isStale()) {
                notes.add("dropped a journal from an earlier boot: " + store.journalPath());
                store.delete();
            }
            List<Change> done = new ArrayList<>();
            boolean failed = false;
            boolean dropinChanged = false;
            for (Change c : plan.changes()) {
                ItemResult r = applyOne(c);
                items.add(r);
                log.println("apply: " + line(r));
                if (r.status() == ItemResult.Status.APPLIED) {
                    done.add(c);
                    dropinChanged |= c.kind() == Change.Kind.IRQBALANCE_DROPIN;
                }
                if (r.status().fatal()) {
                    failed = true;
                    break;
                }
            }
            if (failed) {
                for (int i = done.size() - 1; i >= 0; i--) {
                    Change c = done.get(i);
                    String how = restore(c.kind(), c.target(), c.before());
                    items.replaceAll(x -> x.change() == c
                            ? new ItemResult(c, ItemResult.Status.ROLLED_BACK, "restored " + show(c.before()) + how) : x);
                    log.println("apply: rolled back " + c.subject() + ": " + c.target() + " = " + show(c.before()));
                }
                dropinChanged = done.stream().anyMatch(c -> c.kind() == Change.Kind.IRQBALANCE_DROPIN);
                forgetRestored(done);
            }
            if (dropinChanged) {
                notes.add(serviceNote());
            }
            return new Result(items, notes, failed);
        }
    }

    private String serviceNote() {
        try {
            return "irqbalance: " + services.irqbalanceChanged();
        } catch (IOException e) {
            return "irqbalance: " + e.getMessage() + " (run: systemctl daemon-reload; systemctl restart irqbalance)";
        }
    }

    /** Journal entries of targets this failed run wrote first are dropped once restored. */
    private void forgetRestored(List<Change> restored) throws IOException, JournalException {
        List<StateStore.Entry> keep = new ArrayList<>();
        for (StateStore.Entry e : store.entries()) {
            boolean ours = restored.stream().anyMatch(c -> c.target().equals(e.target()) && c.before().equals(e.before()));
            if (!ours) {
                keep.add(e);
            }
        }
        store.write(keep);
    }

    private ItemResult applyOne(Change c) throws IOException, JournalException, NativeUnavailableException {
        String current;
        try {
            current = readCurrent(c.kind(), c.target());
        } catch (IOException e) {
            return fail(c, "cannot read " + c.target() + ": " + e.getMessage());
        }
        if (same(c.kind(), current, c.after())) {
            return new ItemResult(c, ItemResult.Status.UNCHANGED, "already " + show(c.after()));
        }
        store.record(new StateStore.Entry(c.kind(), c.target(), current, c.subject(), c.owner()));
        try {
            write(c.kind(), c.target(), c.after());
        } catch (NativeException e) {
            return classify(c, e);
        } catch (IOException e) {
            return fail(c, e.getMessage());
        }
        String back;
        try {
            back = readCurrent(c.kind(), c.target());
        } catch (IOException e) {
            return fail(c, "written, but cannot read it back: " + e.getMessage());
        }
        if (!same(c.kind(), back, c.after())) {
            return fail(c, "wrote " + show(c.after()) + " but it reads back " + show(back));
        }
        String detail = show(current) + " -> " + show(c.after());
        if (c.kind() == Change.Kind.IRQ_AFFINITY) {
            detail += effectiveNote(c);
        }
        return new ItemResult(c, ItemResult.Status.APPLIED, detail);
    }

    /** Where the kernel actually placed the IRQ (x86 without remapping moves it at its next interrupt). */
    private String effectiveNote(Change c) {
        Optional<String> eff = root.readOptional(IrqAffinity.effectiveListPath(c.irq()));
        if (eff.isEmpty()) {
            return "";
        }
        try {
            CpuSet e = CpuSet.parseList(eff.get());
            CpuSet want = CpuSet.parseList(c.after());
            if (!e.isEmpty() && want.containsAll(e)) {
                return ", effective " + e.toList();
            }
            return ", effective " + (e.isEmpty() ? "none" : e.toList()) + " (the kernel moves it at its next interrupt)";
        } catch (CpuSetFormatException ex) {
            return ", effective unreadable: " + ex.getMessage();
        }
    }

    private ItemResult classify(Change c, NativeException e) {
        String what = e.getMessage();
        if (c.kind() == Change.Kind.IRQ_AFFINITY) {
            switch (e.errnoName()) {
                case "EIO", "EPERM" -> {
                    return new ItemResult(c, ItemResult.Status.REFUSED,
                            "the kernel will not move this IRQ (managed or per-CPU): " + what);
                }
                case "EINVAL" -> {
                    return new ItemResult(c, ItemResult.Status.CANNOT_STEER,
                            "the interrupt controller cannot steer it to " + c.after() + ": " + what);
                }
                default -> {
                }
            }
        }
        return fail(c, what);
    }

    private ItemResult fail(Change c, String why) {
        return new ItemResult(c, c.required() ? ItemResult.Status.FAILED : ItemResult.Status.SKIPPED, why);
    }

    // ---- revert ------------------------------------------------------------------------

    /** Restores every journaled original in reverse order and removes the journal. */
    public Result revert() throws IOException, JournalException, NativeUnavailableException {
        List<ItemResult> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (StateStore.Lock lock = store.lock()) {
            if (!store.exists()) {
                notes.add("nothing to revert");
                return new Result(items, notes, false);
            }
            if (store.isStale()) {
                store.delete();
                notes.add("the journal was from an earlier boot; the kernel's defaults are already back");
                return new Result(items, notes, false);
            }
            NativeLinux.ensureAvailable();
            List<StateStore.Entry> entries = store.entries();
            List<StateStore.Entry> left = new ArrayList<>();
            boolean failed = false;
            boolean dropin = false;
            for (int i = entries.size() - 1; i >= 0; i--) {
                StateStore.Entry e = entries.get(i);
                Change c = new Change(e.kind(), e.target(), e.before(), e.before(), true, e.subject(), e.owner());
                ItemResult r = revertOne(e, c);
                items.add(r);
                log.println("revert: " + line(r));
                if (r.status() == ItemResult.Status.FAILED) {
                    failed = true;
                    left.add(0, e);
                } else if (r.status() == ItemResult.Status.APPLIED && e.kind() == Change.Kind.IRQBALANCE_DROPIN) {
                    dropin = true;
                }
            }
            store.write(left);
            if (dropin) {
                notes.add(serviceNote());
            }
            return new Result(items, notes, failed);
        }
    }

    private ItemResult revertOne(StateStore.Entry e, Change c) throws NativeUnavailableException {
        if (e.kind() == Change.Kind.IRQ_AFFINITY && !irqStillOwned(c)) {
            return new ItemResult(c, ItemResult.Status.UNCHANGED, "irq " + c.irq() + " no longer belongs to "
                    + e.owner() + " (driver reloaded or unbound): the kernel set it afresh, nothing to restore");
        }
        try {
            String cur = readCurrent(e.kind(), e.target());
            if (same(e.kind(), cur, e.before())) {
                return new ItemResult(c, ItemResult.Status.UNCHANGED, "already " + show(e.before()));
            }
            String how = restore(e.kind(), e.target(), e.before());
            return new ItemResult(c, ItemResult.Status.APPLIED, show(cur) + " -> " + show(e.before()) + how);
        } catch (NativeException ex) {
            if (e.kind() == Change.Kind.IRQ_AFFINITY && !root.exists(IrqAffinity.dir(c.irq()))) {
                return new ItemResult(c, ItemResult.Status.UNCHANGED, "irq " + c.irq() + " is gone");
            }
            return new ItemResult(c, ItemResult.Status.FAILED, ex.getMessage());
        } catch (IOException ex) {
            return new ItemResult(c, ItemResult.Status.FAILED, ex.getMessage());
        }
    }

    private boolean irqStillOwned(Change c) {
        int irq = c.irq();
        if (!root.exists(IrqAffinity.dir(irq))) {
            return false;
        }
        if (c.owner().isEmpty()) {
            return true;
        }
        return root.exists(HostSnapshot.PCI_DEVICES + "/" + c.owner() + "/msi_irqs/" + irq);
    }

    // ---- file access -------------------------------------------------------------------

    private String restore(Change.Kind kind, String target, String value) {
        try {
            write(kind, target, value);
            return "";
        } catch (IOException | NativeUnavailableException e) {
            return " (restore failed: " + e.getMessage() + ")";
        }
    }

    private String readCurrent(Change.Kind kind, String target) throws IOException {
        if (kind == Change.Kind.IRQBALANCE_DROPIN) {
            return root.exists(target) ? new String(root.readBytes(target, RegularFile.CONFIG_LIMIT), StandardCharsets.UTF_8) : Change.ABSENT;
        }
        String v = root.readString(target).strip();
        if (kind == Change.Kind.ASPM_POLICY) {
            int a = v.indexOf('[');
            int b = v.indexOf(']', a + 1);
            if (a >= 0 && b > a) {
                return v.substring(a + 1, b);
            }
        }
        return v;
    }

    private void write(Change.Kind kind, String target, String value) throws IOException, NativeUnavailableException {
        Path p = root.path(target);
        if (kind == Change.Kind.IRQBALANCE_DROPIN) {
            if (value.equals(Change.ABSENT)) {
                Files.deleteIfExists(p);
            } else {
                Files.createDirectories(p.getParent());
                Path tmp = root.path(target + ".tmp");
                Files.writeString(tmp, value, StandardCharsets.UTF_8);
                Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            // a trailing newline, as echo writes: every sysfs/procfs store this tool uses accepts it
            root.writeKernelFile(target, value.endsWith("\n") ? value : value + "\n");
        }
        writes++;
        pauseForTest();
    }

    private void pauseForTest() {
        String k = System.getProperty(PAUSE_PROPERTY);
        if (k != null && k.equals(Integer.toString(writes))) {
            System.out.println("ax650n-tune: paused after write " + writes);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static boolean same(Change.Kind kind, String a, String b) {
        if (kind == Change.Kind.IRQ_AFFINITY) {
            try {
                return CpuSet.parseList(a).equals(CpuSet.parseList(b));
            } catch (CpuSetFormatException e) {
                return false;
            }
        }
        return a.strip().equals(b.strip());
    }

    static String show(String v) {
        if (v.equals(Change.ABSENT)) {
            return "absent";
        }
        if (v.indexOf('\n') >= 0) {
            return "(" + v.strip().lines().count() + " lines)";
        }
        return v.isEmpty() ? "''" : v;
    }

    /** One journald-friendly line: subject, status, target, detail. */
    public static String line(ItemResult r) {
        return r.change().subject() + ": " + r.status().label() + ": " + r.change().target() + " " + r.detail();
    }
}
