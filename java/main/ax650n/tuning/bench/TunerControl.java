package ax650n.tuning.bench;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ItemResult;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.tune.StateStore;
import ax650n.tuning.tune.SystemdManager;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The bench's mode switch on top of the tuner: tuned = {@code ax650n-tune apply} (plan from a
 * fresh host snapshot and the config, apply with journal), untuned = {@code ax650n-tune revert}.
 *
 * <p>The original state is "tuned" when this boot's journal holds entries when the bench starts,
 * else "untuned"; restoring re-applies or reverts accordingly. That is exact in the usual
 * cases: starting untuned, the first apply journals the host's own values and the final revert
 * writes them back; starting tuned, the final apply reproduces the plan of the current config
 * (a host tuned by hand or with another config is tuned again with this one).
 */
public final class TunerControl implements TuningControl {
    private final SysRoot root;
    private final Config config;
    private final PrintStream log;
    private boolean originallyTuned;

    /**
     * @param log where the applier's per-change lines go (a null stream keeps the bench quiet)
     */
    public TunerControl(SysRoot root, Config config, PrintStream log) {
        this.root = root;
        this.config = config;
        this.log = log;
    }

    private StateStore store() {
        return new StateStore(root);
    }

    private Applier applier() {
        return new Applier(root, store(), SystemdManager.forRoot(root), log);
    }

    /** True when this boot's journal has entries: the host is tuned now. */
    public boolean tunedNow() throws IOException {
        StateStore s = store();
        try {
            return s.exists() && !s.isStale() && !s.entries().isEmpty();
        } catch (JournalException e) {
            throw new IOException("journal " + s.journalPath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Also plans once without writing, so that a host the tuner cannot plan for (no card, a
     * configuration that does not fit) stops the bench before anything is touched.
     */
    @Override
    public void captureOriginal() throws IOException {
        originallyTuned = tunedNow();
        try {
            Planner.plan(HostSnapshot.read(root), config, Optional.empty());
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
        try {
            check("revert", applier().revert());
        } catch (JournalException e) {
            throw new IOException("revert: " + e.getMessage(), e);
        } catch (NativeUnavailableException e) {
            throw new IOException("revert: " + e.getMessage(), e);
        }
    }

    @Override
    public void tuned() throws IOException {
        try {
            HostSnapshot host = HostSnapshot.read(root);
            check("apply", applier().apply(Planner.plan(host, config, Optional.empty())));
        } catch (PlanException e) {
            throw new IOException("apply: " + e.getMessage(), e);
        } catch (JournalException e) {
            throw new IOException("apply: " + e.getMessage(), e);
        } catch (NativeUnavailableException e) {
            throw new IOException("apply: " + e.getMessage(), e);
        }
    }

    private static void check(String what, Applier.Result r) throws IOException {
        if (r.failed()) {
            throw new IOException(what + " failed: " + java.util.stream.Stream.concat(r.errors().stream(), r.items().stream()
                    .filter(i -> i.status().fatal())
                    .map(Applier::line)).collect(Collectors.joining("; ")));
        }
    }

    /** The big cluster of the host model ({@link ax650n.tuning.cpu.CpuTopology#bigCpus()}). */
    @Override
    public CpuSet bigCpus() throws IOException {
        return bigCpus(root);
    }

    public static CpuSet bigCpus(SysRoot root) throws IOException {
        CpuSet big = HostSnapshot.read(root).cpus().bigCpus();
        if (big.isEmpty()) {
            throw new IOException("no online CPUs found under " + root);
        }
        return big;
    }

    @Override
    public void restoreOriginal() throws IOException {
        if (originallyTuned) {
            tuned();
        } else {
            untuned();
        }
    }
}
