package ax650n.tuning.tune;

import ax650n.tuning.host.HostReadException;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.Labelled;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tuner: snapshot → plan → apply, and revert, verify and status, over one {@link SysRoot}
 * and its {@link StateStore}. Every command and the bench go through it, so there is one write
 * path. The configuration is given per call (autotune tries several against the same host and
 * journal); the root, the journal, the service manager and the {@link HostWriter} are fixed per
 * tuner (the fault-injection tests inject the last three).
 *
 * <p>Every failure to read the host surfaces as a {@link HostReadException}, whatever its cause.
 * The journal and the service manager are made on first use, so a command that fails before
 * writing never touches {@code /run}.
 */
public final class Tuner {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final SysRoot root;
    private final HostWriter writer;
    private final PrintStream log;
    private StateStore store;
    private ServiceManager services;

    /** The tuner of {@code root}: its journal, systemd when it is the live host, the native writer; quiet. */
    public Tuner(SysRoot root) {
        this(root, null, null, HostWriter.NATIVE, QUIET);
    }

    /** A tuner with its journal, service manager and writer given (tests). */
    public Tuner(SysRoot root, StateStore store, ServiceManager services, HostWriter writer) {
        this(root, store, services, writer, QUIET);
    }

    private Tuner(SysRoot root, StateStore store, ServiceManager services, HostWriter writer, PrintStream log) {
        // a missing root or writer fails here, not at the first write of an apply
        this.root = Objects.requireNonNull(root, "root");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.log = Objects.requireNonNull(log, "log");
        this.store = store;
        this.services = services;
    }

    /** The same tuner, printing one line per change of an apply or revert to {@code log}. */
    public synchronized Tuner withLog(PrintStream log) {
        return new Tuner(root, store, services, writer, log);
    }

    public SysRoot root() {
        return root;
    }

    /** This root's journal. */
    public synchronized StateStore store() {
        if (store == null) {
            store = new StateStore(root);
        }
        return store;
    }

    private synchronized ServiceManager services() {
        if (services == null) {
            services = SystemdManager.forRoot(root);
        }
        return services;
    }

    private Applier applier() {
        StateStore s = store();
        return new Applier(root, s, services(), log, writer);
    }

    /**
     * Reads the host. Any failure to read it is a {@link HostReadException} (a link that leaves
     * a --sysroot tree is bad host data as much as a malformed file is): the reader's own, or
     * one made here whose cause is the reader's {@link IOException} (the reader never puts an
     * IOException as the cause of its own).
     */
    public HostSnapshot snapshot(HostScope scope) throws HostReadException {
        try {
            return HostSnapshot.read(root, scope);
        } catch (HostReadException e) {
            throw e;
        } catch (IOException e) {
            throw new HostReadException(Printable.message(e), e);
        }
    }

    /** The host as a plan of {@code config} needs it ({@link #scope}). */
    public HostSnapshot snapshot(Config config) throws HostReadException {
        return snapshot(scope(config));
    }

    /**
     * What {@link Planner#plan} reads of a host for {@code config}: its cards (and the ports
     * above them, and their IRQs), irqbalance only when the ban is on and a card is there, no
     * IRQ threads.
     */
    public static HostScope scope(Config config) {
        HostScope s = HostScope.NO_CARD.withIrqbalance(config.banIrqbalance() ? HostScope.Irqbalance.WITH_A_CARD
                : HostScope.Irqbalance.NOT_NEEDED);
        for (Config.CardId id : config.cards()) {
            s = s.withCard(id.vendor(), id.device());
        }
        return s;
    }

    /** What the tuning of every card wants on the host as it is now. */
    public Plan plan(Config config) throws HostReadException, PlanException {
        return plan(config, Optional.empty());
    }

    /** What the tuning wants now, for one card only when {@code device} is given. */
    public Plan plan(Config config, Optional<Bdf> device) throws HostReadException, PlanException {
        return Planner.plan(snapshot(config), config, device);
    }

    /** An apply: the plan it carried out and what happened to each change. */
    public record Applied(Plan plan, Applier.Result result) {
        public List<ItemResult> items() {
            return result.items();
        }

        /** A required change or the journal failed: what this run wrote is rolled back. */
        public boolean failed() {
            return result.failed();
        }
    }

    /** Plans from a fresh snapshot and applies, journaling every original first. */
    public Applied apply(Config config) throws HostReadException, PlanException, JournalException,
            NativeUnavailableException {
        return apply(config, Optional.empty());
    }

    /** As {@link #apply(Config)}, for one card only when {@code device} is given. */
    public Applied apply(Config config, Optional<Bdf> device) throws HostReadException, PlanException,
            JournalException, NativeUnavailableException {
        return apply(plan(config, device));
    }

    /**
     * Applies a plan this tuner made (for a caller that shows or checks the plan before any
     * write). Each change's live value is read again right before it is written.
     */
    public Applied apply(Plan plan) throws JournalException, NativeUnavailableException {
        return new Applied(plan, applier().apply(plan));
    }

    /** Restores every journaled original, newest first, and drops the journal. */
    public Applier.Result revert() throws JournalException, NativeUnavailableException {
        return applier().revert();
    }

    /** Verify: the plan of {@code config} on the host as it is now, and whether each target holds it. */
    public record Verification(Plan plan, List<Verifier.Line> lines) {
        public Verification {
            lines = List.copyOf(lines);
        }

        /** Every planned target holds its planned value (also when nothing is planned). */
        public boolean passed() {
            for (Verifier.Line l : lines) {
                if (!l.passed()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Re-reads every planned target (a plan made from a fresh snapshot: each before is the live value). */
    public Verification verify(Config config) throws HostReadException, PlanException {
        HostSnapshot host = snapshot(config);
        Plan plan = Planner.plan(host, config, Optional.empty());
        return new Verification(plan, Verifier.verify(host, plan));
    }

    /** The tuning state in one word or three, as status prints it. */
    public enum State implements Labelled {
        NOTHING_TO_TUNE("nothing to tune"),
        TUNED("tuned"),
        NOT_TUNED("not tuned"),
        DRIFTED("drifted"),
        /** not all in place, and the journal could not be read to tell which. */
        NOT_TUNED_OR_DRIFTED("not tuned or drifted");

        private final String label;

        State(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** A journaled original and what its target holds now (empty: absent or unreadable). */
    public record Journaled(StateStore.Entry entry, Optional<String> current) {
    }

    /**
     * Status: the verification of the plan, and this boot's journal.
     *
     * @param journalError why the journal could not be read (empty when it could)
     * @param journalCorrupt the journal is there but unusable (not merely unreadable for this user)
     * @param journalNotAFile what is at the journal's place is not a journal file at all (a FIFO,
     *                        a link, a file over the limit: {@link JournalException#notAFile()})
     */
    public record Status(Verification verification, Path journalPath, List<Journaled> journaled,
            List<StateStore.Refused> refused, Optional<String> journalError, boolean journalCorrupt,
            boolean journalNotAFile) {
        public Status {
            journaled = List.copyOf(journaled);
            refused = List.copyOf(refused);
        }

        public State state() {
            List<Verifier.Line> lines = verification.lines();
            if (lines.isEmpty()) {
                return State.NOTHING_TO_TUNE;
            }
            if (verification.passed()) {
                return State.TUNED;
            }
            if (journalError.isPresent()) {
                return State.NOT_TUNED_OR_DRIFTED;
            }
            return journaled.isEmpty() ? State.NOT_TUNED : State.DRIFTED;
        }
    }

    /**
     * What is applied: the verification of {@code config}'s plan, and the journal with each
     * target's live value. Needs no privilege: a journal this user may not read (it lives in a
     * 0700 directory) is reported in {@link Status#journalError()}, never as "none".
     */
    public Status status(Config config) throws HostReadException, PlanException {
        Verification v = verify(config);
        StateStore s = store();
        List<StateStore.Entry> entries = List.of();
        List<StateStore.Refused> refused = List.of();
        String unreadable = null;
        boolean corrupt = false;
        boolean notAFile = false;
        try {
            if (s.exists() && !s.isStale()) {
                StateStore.Journal j = s.read();
                entries = j.entries();
                refused = j.refused();
            }
        } catch (JournalException e) {
            unreadable = e.getMessage();
            corrupt = !e.accessDenied();
            notAFile = e.notAFile();
        }
        List<Journaled> journaled = new ArrayList<>();
        for (StateStore.Entry e : entries) {
            journaled.add(new Journaled(e, root.readOptional(e.target())));
        }
        return new Status(v, s.journalPath(), journaled, refused, Optional.ofNullable(unreadable), corrupt,
                notAFile);
    }

    /** True when this boot's journal has entries: something is applied now. */
    public boolean journaledThisBoot() throws JournalException {
        StateStore s = store();
        return s.exists() && !s.isStale() && !s.entries().isEmpty();
    }

    /** The big cluster of the host model ({@link ax650n.tuning.cpu.CpuTopology#bigCpus()}); may be empty. */
    public CpuSet bigCpus() throws HostReadException {
        return snapshot(HostScope.NO_CARD).cpus().bigCpus();
    }
}
