package ax650n.tuning.tune;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The revert half of the {@link Applier}: restores every journaled original, newest first, and
 * removes the journal. An entry the journal holds but revert refuses (a target that is not its
 * kind's path) is reported and kept; so is every entry whose restore failed.
 */
final class Reverter {
    private final SysRoot root;
    private final StateStore store;
    private final Targets targets;
    private final ServiceManager services;
    private final PrintStream log;

    Reverter(SysRoot root, StateStore store, Targets targets, ServiceManager services, PrintStream log) {
        this.root = root;
        this.store = store;
        this.targets = targets;
        this.services = services;
        this.log = log;
    }

    Applier.Result revert() throws JournalException, NativeUnavailableException {
        List<ItemResult> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (StateStore.Lock lock = store.lock()) {
            store.removeStaleTemp(lock);
            if (!store.exists()) {
                notes.add("nothing to revert");
                return new Applier.Result(items, notes, errors, false);
            }
            if (store.isStale()) {
                store.delete();
                notes.add("the journal was from an earlier boot; the kernel's defaults are already back");
                return new Applier.Result(items, notes, errors, false);
            }
            targets.ensureAvailable();
            StateStore.Journal j = store.read();
            boolean failed = false;
            for (StateStore.Refused r : j.refused()) {
                errors.add(store.journalPath() + ":" + r.line() + ": refused: " + r.reason() + "; kept in the journal");
                failed = true;
            }
            List<StateStore.Entry> entries = j.entries();
            List<StateStore.Entry> left = new ArrayList<>();
            boolean dropin = false;
            for (int i = entries.size() - 1; i >= 0; i--) {
                StateStore.Entry e = entries.get(i);
                String text = e.beforeText();
                Change c = new Change(e.kind(), e.target(), text, text, true, e.subject(), e.owner());
                ItemResult r = revertOne(e, c);
                items.add(r);
                log.println("revert: " + Applier.line(r));
                if (r.status() == ItemResult.Status.FAILED) {
                    failed = true;
                    left.add(0, e);
                } else if (r.status() == ItemResult.Status.APPLIED && e.kind() == Change.Kind.IRQBALANCE_DROPIN) {
                    dropin = true;
                }
            }
            if (lock.readOnly()) {
                if (!left.equals(entries) || !j.refused().isEmpty()) {
                    errors.add(store.journalPath() + ": the directory is read-only: the journal could not be updated "
                            + "(what was restored stays listed; revert again finds it in place)");
                    failed = true;
                }
            } else {
                try {
                    store.write(left);
                } catch (JournalException ex) {
                    errors.add(ex.getMessage() + " (what was restored stays listed; revert again finds it in place)");
                    failed = true;
                }
            }
            if (dropin) {
                notes.add(Applier.serviceNote(services));
            }
            return new Applier.Result(items, notes, errors, failed);
        } catch (IOException e) {
            throw new JournalException("cannot release the lock: " + StateStore.reason(e));
        }
    }

    private ItemResult revertOne(StateStore.Entry e, Change c) throws NativeUnavailableException {
        if (e.kind() == Change.Kind.IRQ_AFFINITY && !irqStillOwned(c)) {
            return new ItemResult(c, ItemResult.Status.UNCHANGED, "irq " + c.irq() + " no longer belongs to "
                    + e.owner() + " (driver reloaded or unbound): the kernel set it afresh, nothing to restore");
        }
        byte[] before = e.before();
        try {
            byte[] cur = targets.read(e.kind(), e.target());
            if (targets.holds(e.kind(), e.target(), before)) {
                return new ItemResult(c, ItemResult.Status.UNCHANGED, "already " + Applier.show(before));
            }
            targets.write(e.kind(), e.target(), before);
            byte[] back = targets.read(e.kind(), e.target());
            if (!Targets.same(e.kind(), back, before)) {
                return new ItemResult(c, ItemResult.Status.FAILED, "wrote " + Applier.show(before) + " but it reads back "
                        + Applier.show(back));
            }
            return new ItemResult(c, ItemResult.Status.APPLIED, Applier.show(cur) + " -> " + Applier.show(before));
        } catch (NativeException ex) {
            if (e.kind() == Change.Kind.IRQ_AFFINITY && !root.exists(IrqAffinity.dir(c.irq()))) {
                return new ItemResult(c, ItemResult.Status.UNCHANGED, "irq " + c.irq() + " is gone");
            }
            return new ItemResult(c, ItemResult.Status.FAILED, Targets.describe(ex));
        } catch (IOException ex) {
            return new ItemResult(c, ItemResult.Status.FAILED, Targets.describe(ex));
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
}
