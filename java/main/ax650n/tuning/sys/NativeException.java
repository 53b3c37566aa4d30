package ax650n.tuning.sys;

import java.io.IOException;

/**
 * A syscall made through {@link NativeLinux} failed. Carries the errno value, its symbolic
 * name, the syscall and the target (a path, a pid or a BDF), so a status line can say e.g.
 * {@code write /proc/irq/42/smp_affinity_list: EIO}.
 */
public final class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String syscall;
    private final String target;

    public NativeException(int errno, String syscall, String target) {
        super(syscall + " " + target + ": " + Errno.name(errno));
        this.errno = errno;
        this.syscall = syscall;
        this.target = target;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    public String syscall() {
        return syscall;
    }

    public String target() {
        return target;
    }
}
