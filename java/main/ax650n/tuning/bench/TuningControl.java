package ax650n.tuning.bench;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.tune.Config;
import java.io.IOException;

/**
 * How {@code bench} switches the host between modes. The tuner implements it with its
 * apply/revert; tests implement it against a folder-tree host.
 *
 * <p>Call order: {@link #captureOriginal()} once, before anything else; then any sequence of
 * {@link #untuned()}, {@link #tuned()} and {@link #bigCpus()}; finally {@link #restoreOriginal()}
 * once, also when the benchmark is interrupted (from a shutdown hook, on another thread than the
 * other calls, but never concurrently with them: the runner serialises the calls).
 * Autotune also calls {@link #tuned(Config)} and {@link #irqCpus()} in between.
 */
public interface TuningControl {
    /**
     * Records the tuning state in force now (tuned or not, and whatever else restoring needs).
     * A failure here means the bench cannot promise to restore the host, and it does not start.
     */
    void captureOriginal() throws IOException;

    /** Puts the host in the untuned state (revert); a no-op when it already is. */
    void untuned() throws IOException;

    /** Puts the host in the tuned state (apply); a no-op when it already is. */
    void tuned() throws IOException;

    /**
     * Puts the host in the tuned state of {@code config} (autotune's arms), exactly as if the
     * host were untuned and {@code config} were applied: nothing another configuration set stays.
     * A mode switch with one fixed configuration refuses.
     */
    default void tuned(Config config) throws IOException {
        throw new IOException("this mode switch applies only its own configuration");
    }

    /**
     * The CPUs the card IRQs are steered to in the state last switched to (empty when untuned or
     * unknown): a {@link Launch#BIG_EXCEPT_IRQ} run leaves them out.
     */
    default CpuSet irqCpus() throws IOException {
        return CpuSet.empty();
    }

    /** The CPUs a {@code tuned+pinned} run is started on: the big cluster. */
    CpuSet bigCpus() throws IOException;

    /** Puts back the state {@link #captureOriginal()} recorded. */
    void restoreOriginal() throws IOException;
}
