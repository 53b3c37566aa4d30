package ax650n.tuning.tune;

/**
 * Tells the service manager that irqbalance's drop-in changed. The real one runs
 * {@code systemctl daemon-reload} and {@code systemctl try-restart irqbalance.service} on a live
 * systemd host; on folder trees and hosts without systemd it does nothing and says so.
 */
public interface ServiceManager {
    /** Returns a line describing what was done, or throws with what failed. */
    String irqbalanceChanged() throws java.io.IOException;

    ServiceManager NONE = () -> "no service manager here: restart irqbalance yourself to apply the drop-in";
}
