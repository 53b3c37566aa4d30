package ax650n.tuning.host;

import java.io.IOException;

/** The host could not be read: a required file is missing or malformed. Names the path. */
public final class HostReadException extends IOException {
    private static final long serialVersionUID = 1L;

    public HostReadException(String path, String why) {
        super(path + ": " + why);
    }

    /** Any other failure to read the host, already put in one line (see Printable.message). */
    public HostReadException(String line, IOException cause) {
        super(line, cause);
    }

    public HostReadException(String path, String why, Throwable cause) {
        super(path + ": " + why, cause);
    }
}
