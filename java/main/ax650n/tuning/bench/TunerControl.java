package ax650n.tuning.bench;

import ax650n.tuning.host.HostReadException;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Tuner;
import ax650n.tuning.tune.StateStore;
import ax650n.tuning.tune.StoreFootprint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The bench's mode switch on top of the {@link Tuner}: tuned = {@code ax650n-tune apply} (plan
 * from a fresh host snapshot and the config, apply with journal), untuned = {@code ax650n-tune revert}.
 *
 * <p>The original state is "tuned" when this boot's journal holds entries when the bench starts,
 * else "untuned"; restoring re-applies or reverts accordingly. That is exact in the usual
 * cases: starting untuned, the first apply journals the host's own values and the final revert
 * writes them back; starting tuned, the final apply reproduces the plan of the current config
 * (a host tuned by hand or with another config is tuned again with this one).
 *
 * <p>Autotune switches between configurations ({@link #tuned(Config)}): a configuration other
 * than the one applied last is applied on an untuned host (revert first), so no value another
 * candidate set survives into the next arm. Every switch is the tuner's own apply or revert.
 *
 * <p>The journal's directory ({@link StateStore#DIR}) and its lock file are the tuner's, made at
 * the first apply. When they were not there before and the host ends untuned, restoring has the
 * store remove them again ({@link StateStore#removeMadeSince}), so a host or test tree is left
 * exactly as it was.
 */
public final class TunerControl implements TuningControl {
    private final Tuner tuner;
    private final Config config;
    private boolean originallyTuned;
    /** The configuration applied by the last switch; null after a revert or before any switch. */
    private Config applied;
    private CpuSet irqCpus = CpuSet.empty();
    /** What of the journal's directories existed at capture. */
    private StoreFootprint footprint = new StoreFootprint(List.of());

    /**
     * @param log where the applier's per-change lines go (a null stream keeps the bench quiet)
     */
    public TunerControl(SysRoot root, Config config, PrintStream log) {
        this(new Tuner(root).withLog(log), config);
    }

    /** Mode switching through {@code tuner} with {@code config}. */
    public TunerControl(Tuner tuner, Config config) {
        this.tuner = tuner;
        this.config = config;
    }

    /** True when this boot's journal has entries: the host is tuned now. */
    public boolean tunedNow() throws IOException {
        try {
            return tuner.journaledThisBoot();
        } catch (JournalException e) {
            throw new IOException("journal " + tuner.store().journalPath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Also plans once without writing, so that a host the tuner cannot plan for (no card, a
     * configuration that does not fit) stops the bench before anything is touched.
     */
    @Override
    public void captureOriginal() throws IOException {
        originallyTuned = tunedNow();
        footprint = tuner.store().footprint();
        try {
            tuner.plan(config);
        } catch (HostReadException e) {
            throw asRead(e);
        } catch (PlanException e) {
            throw new IOException("cannot plan the tuning: " + e.getMessage(), e);
        }
    }

    /** What captureOriginal found (for reports and tests). */
    public boolean originallyTuned() {
        return originallyTuned;
    }

    @Override
    public void untuned() throws IOException {
        applied = null;
        irqCpus = CpuSet.empty();
        try {
            check("revert", tuner.revert());
        } catch (JournalException | NativeUnavailableException e) {
            throw new IOException("revert: " + e.getMessage(), e);
        }
    }

    @Override
    public void tuned() throws IOException {
        apply(config);
    }

    @Override
    public void tuned(Config other) throws IOException {
        Objects.requireNonNull(other, "config");
        if (applied != null && !applied.equals(other)) {
            untuned();
        }
        apply(other);
    }

    private void apply(Config c) throws IOException {
        try {
            Tuner.Applied a = tuner.apply(c);
            applied = c;
            irqCpus = CpuSet.empty();
            for (int cpu : a.plan().cardCpus().values()) {
                irqCpus = irqCpus.union(CpuSet.of(cpu));
            }
            check("apply", a.result());
        } catch (HostReadException e) {
            throw asRead(e);
        } catch (PlanException | JournalException | NativeUnavailableException e) {
            throw new IOException("apply: " + e.getMessage(), e);
        }
    }

    @Override
    public CpuSet irqCpus() {
        return irqCpus;
    }

    private static void check(String what, Applier.Result r) throws IOException {
        if (r.failed()) {
            throw new IOException(what + " failed: " + java.util.stream.Stream.concat(r.errors().stream(), r.items().stream()
                    .filter(i -> i.status().fatal())
                    .map(Applier::line)).collect(Collectors.joining("; ")));
        }
    }

    /**
     * The bench reports a failure to read the host with the reader's own exception, as it did
     * before the tuner put every such failure in a {@link HostReadException}: a wrapped one
     * ({@link Tuner#snapshot()}) gives back its cause.
     */
    private static IOException asRead(HostReadException e) {
        return e.getCause() instanceof IOException cause ? cause : e;
    }

    /** The big cluster of the host model ({@link ax650n.tuning.cpu.CpuTopology#bigCpus()}). */
    @Override
    public CpuSet bigCpus() throws IOException {
        return bigCpus(tuner);
    }

    public static CpuSet bigCpus(SysRoot root) throws IOException {
        return bigCpus(new Tuner(root));
    }

    private static CpuSet bigCpus(Tuner tuner) throws IOException {
        CpuSet big;
        try {
            big = tuner.bigCpus();
        } catch (HostReadException e) {
            throw asRead(e);
        }
        if (big.isEmpty()) {
            throw new IOException("no online CPUs found under " + tuner.root());
        }
        return big;
    }

    @Override
    public void restoreOriginal() throws IOException {
        if (originallyTuned) {
            tuned(config);
        } else {
            untuned();
            try {
                tuner.store().removeMadeSince(footprint);
            } catch (JournalException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
