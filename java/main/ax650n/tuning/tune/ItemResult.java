package ax650n.tuning.tune;

import ax650n.tuning.sys.Labelled;

/** What happened to one change in an apply or a revert. */
public record ItemResult(Change change, Status status, String detail) {
    public enum Status implements Labelled {
        /** written and read back. */
        APPLIED("applied", false),
        /** already had the wanted value: nothing written. */
        UNCHANGED("unchanged", false),
        /** EIO/EPERM on an IRQ: the kernel will not move it (managed or per-CPU), for good. */
        REFUSED("refused", false),
        /**
         * EAGAIN, EBUSY, EINVAL, ERANGE, ENOMEM or ENOSPC on an IRQ: it cannot be steered now or
         * to that mask (transient, as irqbalance's activate.c treats them).
         */
        CANNOT_STEER("cannot-steer", false),
        /** an optional change failed: reported, the run goes on. */
        SKIPPED("skipped", false),
        /** a required change failed: the run rolls back and fails. */
        FAILED("failed", true),
        /** applied in this run, then restored because a later required change failed. */
        ROLLED_BACK("rolled-back", false),
        /**
         * applied in this run, and restoring it during the roll-back failed: its original stays
         * in the journal for a later revert.
         */
        ROLLBACK_FAILED("rollback-failed", true);

        private final String label;
        private final boolean fatal;

        Status(String label, boolean fatal) {
            this.label = label;
            this.fatal = fatal;
        }

        public boolean fatal() {
            return fatal;
        }

        /** The status as apply, revert and JSON print it, e.g. {@code cannot-steer}. */
        @Override
        public String label() {
            return label;
        }
    }
}
