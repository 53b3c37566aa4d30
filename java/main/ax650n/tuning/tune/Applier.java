package ax650n.tuning.tune;

import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a plan and reverts the journal ({@link Reverter}). For each change, like irqbalance's
 * activate step: read the live value, skip when it already is the wanted one, journal the
 * original durably (only the first time this boot), write through the one {@link HostWriter}
 * ({@link Targets} reads and writes the bytes), read back.
 *
 * <p>Values are handled as bytes from the read to the write: what is journaled and restored is
 * exactly what the target held (a governor {@code schédutil}, or bytes that are not UTF-8).
 *
 * <p>A required change that fails, or any journal failure (a full /run), rolls back what this
 * run wrote: each target gets back the value its write replaced, read right before that write
 * (not the snapshot's, which may be stale). The journal entries this run added are dropped for
 * the targets that are back; a target whose restore failed keeps its entry, so a later revert
 * can still restore it.
 */
public final class Applier {
    private final SysRoot root;
    private final StateStore store;
    private final ServiceManager services;
    private final PrintStream log;
    private final Targets targets;

    public Applier(SysRoot root, StateStore store, ServiceManager services, PrintStream log) {
        this(root, store, services, log, HostWriter.NATIVE);
    }

    /** An applier that writes through {@code writer} (fault-injection tests). */
    public Applier(SysRoot root, StateStore store, ServiceManager services, PrintStream log, HostWriter writer) {
        this.root = root;
        this.store = store;
        this.services = services;
        this.log = log;
        this.targets = new Targets(root, writer);
    }

    /**
     * The outcome of an apply or a revert.
     *
     * @param errors one line each for what failed outside the items (the journal, refused
     *               journal entries); printed on stderr
     */
    public record Result(List<ItemResult> items, List<String> notes, List<String> errors, boolean failed) {
        public Result {
            items = List.copyOf(items);
            notes = List.copyOf(notes);
            errors = List.copyOf(errors);
        }
    }

    /** A change this run journaled and may have written: what its write replaced. */
    private record Touched(Change change, byte[] replaced) {
    }

    public Result apply(Plan plan) throws JournalException, NativeUnavailableException {
        targets.ensureAvailable();
        List<ItemResult> items = new ArrayList<>();
        List<String> notes = new ArrayList<>(plan.notes());
        List<String> errors = new ArrayList<>();
        try (StateStore.Lock lock = store.lock()) {
            store.removeStaleTemp(lock);
            if (store.exists() && store.isStale()) {
                notes.add("dropped a journal from an earlier boot: " + store.journalPath());
                store.delete();
            }
            Set<String> journaledBefore = new HashSet<>();
            store.entries().forEach(e -> journaledBefore.add(e.target()));
            List<Touched> touched = new ArrayList<>();
            boolean failed = false;
            JournalException journalError = null;
            Change unjournaled = null;
            for (Change c : plan.changes()) {
                byte[] current;
                try {
                    current = targets.read(c.kind(), c.target());
                } catch (IOException e) {
                    ItemResult r = fail(c, "cannot read " + c.target() + ": " + StateStore.reason(e));
                    items.add(r);
                    log.println("apply: " + line(r));
                    if (r.status().fatal()) {
                        failed = true;
                        break;
                    }
                    continue;
                }
                if (Targets.same(c.kind(), current, bytes(c.after()))) {
                    ItemResult r = new ItemResult(c, ItemResult.Status.UNCHANGED, "already " + show(c.after()));
                    items.add(r);
                    log.println("apply: " + line(r));
                    continue;
                }
                try {
                    store.record(new StateStore.Entry(c.kind(), c.target(), current, c.subject(), c.owner()));
                } catch (JournalException e) {
                    journalError = e;
                    unjournaled = c;
                    failed = true;
                    break;
                }
                touched.add(new Touched(c, current));
                ItemResult r = applyOne(c, current);
                items.add(r);
                log.println("apply: " + line(r));
                if (r.status().fatal()) {
                    failed = true;
                    break;
                }
            }
            boolean dropinChanged = false;
            if (failed) {
                Set<String> forget = new LinkedHashSet<>();
                if (unjournaled != null && !journaledBefore.contains(unjournaled.target())) {
                    forget.add(unjournaled.target()); // its record may have landed before the failure; not written
                }
                int rolledBack = rollBack(touched, items, journaledBefore, forget);
                dropinChanged = touched.stream().anyMatch(t -> t.change().kind() == Change.Kind.IRQBALANCE_DROPIN);
                if (journalError != null) {
                    errors.add(journalError.getMessage() + ": " + rolledBackText(rolledBack, items));
                } else if (items.stream().anyMatch(r -> r.status() == ItemResult.Status.ROLLBACK_FAILED)) {
                    errors.add("a required change failed: " + rolledBackText(rolledBack, items));
                }
                try {
                    store.forget(forget);
                } catch (JournalException e) {
                    errors.add(e.getMessage() + " (after the roll-back; its entries of restored targets are "
                            + "harmless: revert finds them in place)");
                }
            } else {
                dropinChanged = items.stream().anyMatch(r -> r.status() == ItemResult.Status.APPLIED
                        && r.change().kind() == Change.Kind.IRQBALANCE_DROPIN);
            }
            if (dropinChanged) {
                notes.add(serviceNote(services));
            }
            return new Result(items, notes, errors, failed);
        } catch (IOException e) {
            throw new JournalException("cannot release the lock: " + StateStore.reason(e));
        }
    }

    private static String rolledBackText(int n, List<ItemResult> items) {
        long kept = items.stream().filter(r -> r.status() == ItemResult.Status.ROLLBACK_FAILED).count();
        String s = n == 0 && kept == 0 ? "nothing was changed" : "rolled back " + n + " change" + (n == 1 ? "" : "s") + " of this run";
        return kept == 0 ? s : s + "; " + kept + " could not be restored and stay in the journal (run: ax650n-tune revert)";
    }

    /**
     * Restores, newest first, every target this run journaled and wrote (or tried to write) to
     * the value its write replaced. Adds to {@code forget} the targets first journaled by this
     * run that are back to that value. Returns how many were restored.
     */
    private int rollBack(List<Touched> touched, List<ItemResult> items, Set<String> journaledBefore, Set<String> forget) {
        int n = 0;
        for (int i = touched.size() - 1; i >= 0; i--) {
            Touched t = touched.get(i);
            Change c = t.change();
            Optional<String> err = restoreIfChanged(c.kind(), c.target(), t.replaced());
            int at = indexOf(items, c);
            ItemResult old = at >= 0 ? items.get(at) : null;
            boolean wasApplied = old != null && old.status() == ItemResult.Status.APPLIED;
            ItemResult now;
            if (err.isEmpty()) {
                if (!journaledBefore.contains(c.target())) {
                    forget.add(c.target());
                }
                if (!wasApplied) {
                    continue; // it never changed: its result (failed, refused, ...) stands
                }
                n++;
                now = new ItemResult(c, ItemResult.Status.ROLLED_BACK, "restored " + show(t.replaced()));
                log.println("apply: rolled back " + c.subject() + ": " + c.target() + " = " + show(t.replaced()));
            } else if (wasApplied) {
                now = new ItemResult(c, ItemResult.Status.ROLLBACK_FAILED, "restoring " + show(t.replaced())
                        + " failed: " + err.get() + "; the original stays in the journal");
                log.println("apply: " + line(now));
            } else {
                now = new ItemResult(c, old == null ? ItemResult.Status.ROLLBACK_FAILED : old.status(),
                        (old == null ? "" : old.detail() + "; ") + "restoring " + show(t.replaced()) + " failed: "
                                + err.get() + "; the original stays in the journal");
                log.println("apply: " + line(now));
            }
            if (at >= 0) {
                items.set(at, now);
            } else {
                items.add(now);
            }
        }
        return n;
    }

    private static int indexOf(List<ItemResult> items, Change c) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).change() == c) {
                return i;
            }
        }
        return -1;
    }

    /** Writes {@code value} back unless the target already holds it; the error, if that fails. */
    private Optional<String> restoreIfChanged(Change.Kind kind, String target, byte[] value) {
        try {
            if (targets.holds(kind, target, value)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // unreadable now: write anyway
        }
        try {
            targets.write(kind, target, value);
            return Optional.empty();
        } catch (IOException | NativeUnavailableException e) {
            return Optional.of(Targets.describe(e));
        }
    }

    /** What became of irqbalance after its drop-in changed. */
    static String serviceNote(ServiceManager services) {
        try {
            return "irqbalance: " + services.irqbalanceChanged();
        } catch (IOException e) {
            return "irqbalance: " + e.getMessage() + " (run: systemctl daemon-reload; systemctl restart irqbalance)";
        }
    }

    private ItemResult applyOne(Change c, byte[] current) throws NativeUnavailableException {
        byte[] after = bytes(c.after());
        try {
            targets.write(c.kind(), c.target(), after);
        } catch (NativeException e) {
            return classify(c, e);
        } catch (IOException e) {
            return fail(c, Targets.describe(e));
        }
        byte[] back;
        try {
            back = targets.read(c.kind(), c.target());
        } catch (IOException e) {
            return fail(c, "written, but cannot read it back: " + StateStore.reason(e));
        }
        if (!Targets.same(c.kind(), back, after)) {
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

    /** errno classes of an IRQ write as irqbalance's activate.c has them; other kinds just fail. */
    private ItemResult classify(Change c, NativeException e) {
        String what = e.getMessage();
        if (c.kind() == Change.Kind.IRQ_AFFINITY) {
            if (Errno.refusedForGood(e.errno())) {
                return new ItemResult(c, ItemResult.Status.REFUSED,
                        "the kernel will not move this IRQ (managed or per-CPU): " + what);
            }
            if (Errno.cannotSteer(e.errno())) {
                return new ItemResult(c, ItemResult.Status.CANNOT_STEER,
                        "the kernel cannot steer it to " + c.after() + " now: " + what);
            }
        }
        return fail(c, what);
    }

    private ItemResult fail(Change c, String why) {
        return new ItemResult(c, c.required() ? ItemResult.Status.FAILED : ItemResult.Status.SKIPPED, why);
    }

    /**
     * Restores every journaled original in reverse order and removes the journal (see
     * {@link Reverter}).
     */
    public Result revert() throws JournalException, NativeUnavailableException {
        return new Reverter(root, store, targets, services, log).revert();
    }

    /** A value read as bytes, for a line of text ({@link Change#show}). */
    static String show(byte[] v) {
        return show(new String(v, StandardCharsets.UTF_8));
    }

    private static String show(String v) {
        return Change.show(v);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One journald-friendly line: subject, status, target, detail. */
    public static String line(ItemResult r) {
        return Change.clip(r.change().subject()) + ": " + r.status().label() + ": " + r.change().target() + " " + r.detail();
    }
}
