package ax650n.tuning.sys;

import java.util.Map;

/**
 * errno numbers and their symbolic names. Linux uses the asm-generic numbering on both
 * architectures this project ships for (x86_64 and arm64), so one table serves both.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ELOOP = 40;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"),
            Map.entry(4, "EINTR"), Map.entry(5, "EIO"), Map.entry(6, "ENXIO"),
            Map.entry(7, "E2BIG"), Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"),
            Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"),
            Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(27, "EFBIG"),
            Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"), Map.entry(30, "EROFS"),
            Map.entry(34, "ERANGE"), Map.entry(36, "ENAMETOOLONG"), Map.entry(38, "ENOSYS"),
            Map.entry(40, "ELOOP"), Map.entry(61, "ENODATA"), Map.entry(75, "EOVERFLOW"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(110, "ETIMEDOUT"));

    private Errno() {
    }

    /**
     * An IRQ affinity write that failed with this errno could not be steered now or to that
     * mask, as irqbalance's {@code activate.c} treats it: EAGAIN (interrupted), EBUSY (a move is
     * still pending), EINVAL (the mask would leave no online CPU, or the chip cannot take it),
     * ERANGE (a CPU of the mask is offline), ENOMEM, ENOSPC (no free vector on that CPU).
     * Reported per IRQ; the run goes on.
     */
    public static boolean cannotSteer(int errno) {
        return errno == EAGAIN || errno == EBUSY || errno == EINVAL || errno == ERANGE || errno == ENOMEM
                || errno == ENOSPC;
    }

    /**
     * An IRQ affinity write that failed with this errno is refused for good: EIO (a kernel-managed
     * or per-CPU interrupt) and EPERM. Reported per IRQ; the run goes on.
     */
    public static boolean refusedForGood(int errno) {
        return errno == EIO || errno == EPERM;
    }

    /** The symbolic name, e.g. {@code EIO}; {@code errno 123} for numbers not in the table. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }
}
