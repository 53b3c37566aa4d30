package ax650n.tuning.sys;

/** The JNI library is not loaded; carries the reason the load failed. */
public final class NativeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NativeUnavailableException(Throwable cause) {
        super("the native library " + System.mapLibraryName(NativeLinux.LIB_NAME) + " is not loaded: "
                + cause.getMessage(), cause);
    }
}
