package ax650n.tuning.tune;

import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ServiceManager} for a live host booted with systemd. */
public final class SystemdManager implements ServiceManager {
    private SystemdManager() {
    }

    /**
     * Set to {@code unit} by the package's units: their sandbox cannot reach the service
     * manager, so the unit's unsandboxed ExecStartPost/ExecStopPost helper reloads irqbalance.
     */
    public static final String RELOAD_ENV = "AX650N_TUNING_IRQBALANCE_RELOAD";

    /** The real manager on a live systemd host, {@link ServiceManager#NONE} elsewhere. */
    public static ServiceManager forRoot(SysRoot root) {
        if ("unit".equals(System.getenv(RELOAD_ENV))) {
            return () -> "the unit's irqbalance-reload step restarts irqbalance after this command";
        }
        return root.isLive() && root.isDirectory("/run/systemd/system") ? new SystemdManager() : NONE;
    }

    @Override
    public String irqbalanceChanged() throws IOException {
        run(List.of("systemctl", "daemon-reload"));
        run(List.of("systemctl", "try-restart", "irqbalance.service"));
        return "systemctl daemon-reload; systemctl try-restart irqbalance.service";
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue());
        }
    }
}
