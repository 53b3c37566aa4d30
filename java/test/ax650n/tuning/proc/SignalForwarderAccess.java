package ax650n.tuning.proc;

/** Lets tests in other packages reach package-private parsing in this package. */
public final class SignalForwarderAccess {
    private SignalForwarderAccess() {
    }

    public static boolean foreground(String stat) {
        return SignalForwarder.foregroundFromStat(stat);
    }
}
