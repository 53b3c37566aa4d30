package ax650n.tuning.pci;

/**
 * The one exception {@link ConfigSpace#decode(byte[])} throws: the input cannot be decoded at
 * all, because it is shorter than the 64-byte standard header (that includes an empty array).
 * Anything at least 64 bytes long decodes; whatever it lacks is listed in
 * {@link ConfigSpace#missing()} and whatever is malformed in {@link ConfigSpace#findings()}.
 */
public final class ConfigSpaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigSpaceException(String message) {
        super(message);
    }
}
