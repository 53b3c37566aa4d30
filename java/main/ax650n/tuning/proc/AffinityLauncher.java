package ax650n.tuning.proc;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a process whose CPU affinity is a given set from its first instruction on, so that
 * every thread it ever creates inherits that set. Used by {@code ax650n-tune run} and by the
 * {@code tuned+pinned} mode of {@code bench}.
 *
 * <p>Why this covers the threads a program creates at start-up: the JVM cannot run code between
 * fork and exec, and setting the mask of a child after {@code ProcessBuilder.start()} returns
 * races with the threads the child creates in its first milliseconds (an inference runtime
 * spawns its worker pool while loading). Instead, a dedicated short-lived Java thread sets its
 * <em>own</em> affinity with {@code sched_setaffinity(0, mask)} and then calls
 * {@code ProcessBuilder.start()}. On Linux every JDK launch mechanism creates the child from
 * the calling thread: {@code posix_spawn} (the JDK 17 default; glibc implements it with
 * {@code clone(CLONE_VM|CLONE_VFORK)} of the calling thread, and the child then execs
 * {@code jspawnhelper}, which execs the command), {@code vfork} and {@code fork}. A task created
 * by clone/fork copies the affinity mask of the task that called it, and {@code execve} keeps
 * the mask, so the command's main thread starts with the mask and each thread it creates
 * copies it in turn. {@code AffinityLauncherTest} checks this for all three mechanisms on a
 * real kernel. Using a throw-away thread means no JVM thread is left pinned, even if something
 * fails half-way.
 */
public final class AffinityLauncher {
    /** A started process and the affinity the kernel actually gave it. */
    public record Launched(Process process, CpuSet cpus) {
    }

    private AffinityLauncher() {
    }

    /**
     * Starts {@code pb} with CPU affinity {@code cpus}. The kernel may narrow the set to online
     * CPUs allowed by the cpuset cgroup; the returned set is the launching thread's mask as the
     * kernel accepted it. Throws {@link NativeException} (EINVAL) when none of the CPUs is usable.
     */
    public static Launched start(ProcessBuilder pb, CpuSet cpus)
            throws IOException, NativeUnavailableException {
        NativeLinux.ensureAvailable();
        AtomicReference<Launched> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread launcher = new Thread(() -> {
            try {
                NativeLinux.setAffinity(0, cpus);
                CpuSet effective = NativeLinux.getAffinity(0);
                result.set(new Launched(pb.start(), effective));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ax650n-affinity-launcher");
        launcher.setDaemon(true);
        launcher.start();
        // wait without giving up: an interrupted caller must not lose a process that was started
        boolean interrupted = false;
        while (true) {
            try {
                launcher.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof NativeUnavailableException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IOException("starting " + pb.command() + " failed", t);
        }
        return result.get();
    }
}
