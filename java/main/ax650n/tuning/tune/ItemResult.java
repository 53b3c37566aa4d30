package ax650n.tuning.tune;

/** What happened to one change in an apply or a revert. */
public record ItemResult(Change change, Status status, String detail) {
    public enum Status {
        /** written and read back. */
        APPLIED(false),
        /** already had the wanted value: nothing written. */
        UNCHANGED(false),
        /** EIO/EPERM on an IRQ: the kernel will not move it (managed or per-CPU), for good. */
        REFUSED(false),
        /**
         * EAGAIN, EBUSY, EINVAL, ERANGE, ENOMEM or ENOSPC on an IRQ: it cannot be steered now or
         * to that mask (transient, as irqbalance's activate.c treats them).
         */
        CANNOT_STEER(false),
        /** an optional change failed: reported, the run goes on. */
        SKIPPED(false),
        /** a required change failed: the run rolls back and fails. */
        FAILED(true),
        /** applied in this run, then restored because a later required change failed. */
        ROLLED_BACK(false),
        /**
         * applied in this run, and restoring it during the roll-back failed: its original stays
         * in the journal for a later revert.
         */
        ROLLBACK_FAILED(true);

        private final boolean fatal;

        Status(boolean fatal) {
            this.fatal = fatal;
        }

        public boolean fatal() {
            return fatal;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
