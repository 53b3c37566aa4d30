package ax650n.tuning.proc;

import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a foreground child runs ({@code ax650n-tune run}), relays SIGINT, SIGTERM and SIGHUP
 * sent to this JVM to the child instead of letting the JVM shut down, so the launcher lives as
 * long as the child and exits with the child's own status (128 + signal when it died of one).
 *
 * <p>Why {@code sun.misc.Signal} rather than a shutdown hook: a hook runs only once the JVM is
 * already exiting, so the launcher could not wait for the child and return its exit code, and a
 * hook cannot tell which signal arrived (it could only send SIGTERM via {@code destroy()}).
 * {@code sun.misc.Signal} lives in the {@code jdk.unsupported} module, which JEP 260 keeps
 * accessible for exactly this use.
 *
 * <p>Relaying: {@code kill(2)} through the native seam ({@link NativeLinux#kill}), with the
 * signal's own number, to the child's pid only (Java itself can send nothing but SIGTERM and
 * SIGKILL to another process). A child that ended in the meantime (ESRCH) is not an error.
 * Without the native library SIGTERM still goes through {@link Process#destroy()} (SIGTERM on
 * Linux) and the others are reported as not relayed. A Ctrl-C typed at the terminal
 * already reaches the child, which is in our process group; to avoid delivering it twice,
 * SIGINT is not relayed while this process is the terminal's foreground process group (a
 * {@code kill -INT} aimed at the launcher alone in that situation is therefore not relayed
 * either: send it to the child or the group).
 */
public final class SignalForwarder implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private final PrintStream err;
    private final List<Signal> pending = new ArrayList<>();
    private Process child;
    private final ForegroundCheck foreground;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    /** Tells whether this process is the foreground process group of its terminal. */
    @FunctionalInterface
    public interface ForegroundCheck {
        boolean inForeground();
    }

    /**
     * Reads {@code /proc/self/stat}: foreground when the process has a controlling terminal
     * ({@code tty_nr} != 0) whose foreground group ({@code tpgid}) is our group ({@code pgrp}).
     * Unreadable or malformed counts as not in the foreground (the signal is then relayed).
     */
    public static ForegroundCheck procSelf(SysRoot sys) {
        return () -> sys.readOptional("/proc/self/stat").map(SignalForwarder::foregroundFromStat).orElse(false);
    }

    /** Parses a {@code /proc/<pid>/stat} line (the command name may contain spaces and parentheses). */
    static boolean foregroundFromStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return false;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        if (f.length < 6) {
            return false;
        }
        try {
            long pgrp = Long.parseLong(f[2]);
            long tty = Long.parseLong(f[4]);
            long tpgid = Long.parseLong(f[5]);
            return tty != 0 && tpgid == pgrp;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private SignalForwarder(PrintStream err, ForegroundCheck foreground) {
        this.err = err;
        this.foreground = foreground;
    }

    /**
     * Installs the relays, before the child is started so that no signal falls into the gap; a
     * signal that arrives before {@link #attach} is held and relayed on attach. A signal the JVM
     * does not let us handle (started with {@code -Xrs}, or ignored by the parent) is left alone.
     */
    public static SignalForwarder install(PrintStream err, ForegroundCheck foreground) {
        SignalForwarder f = new SignalForwarder(err, foreground);
        for (String name : SIGNALS) {
            Signal sig = new Signal(name);
            try {
                SignalHandler old = Signal.handle(sig, f::received);
                f.installed.add(sig);
                f.previous.add(old);
            } catch (IllegalArgumentException notHandled) {
                // the JVM reserves or ignores it: nothing to relay
            }
        }
        return f;
    }

    /** The child to relay to; relays the signals that arrived before it existed. */
    public void attach(Process p) {
        List<Signal> held;
        synchronized (this) {
            child = p;
            held = new ArrayList<>(pending);
            pending.clear();
        }
        for (Signal s : held) {
            relay(p, s);
        }
    }

    private void received(Signal sig) {
        Process p;
        synchronized (this) {
            p = child;
            if (p == null) {
                pending.add(sig);
                return;
            }
        }
        relay(p, sig);
    }

    private void relay(Process p, Signal sig) {
        if (!p.isAlive()) {
            return;
        }
        String name = sig.getName();
        if (name.equals("INT") && foreground.inForeground()) {
            return; // the terminal already sent it to the whole foreground group, child included
        }
        try {
            NativeLinux.kill(p.pid(), sig.getNumber());
        } catch (NativeException e) {
            if (e.errno() != Errno.ESRCH) { // ESRCH: the child ended meanwhile, nothing to relay
                err.println("could not relay SIG" + name + " to pid " + p.pid() + ": " + e.getMessage());
            }
        } catch (NativeUnavailableException e) {
            if (name.equals("TERM")) {
                p.destroy();
            } else {
                err.println("could not relay SIG" + name + " to pid " + p.pid() + ": " + e.getMessage());
            }
        }
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
        installed.clear();
        previous.clear();
    }
}
