package ax650n.tuning.sys;

/** A CPU list or mask that does not parse; names the offending token. */
public final class CpuSetFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String token;

    public CpuSetFormatException(String text, String token, String why) {
        super("bad CPU set '" + text.strip() + "': token '" + token + "': " + why);
        this.token = token;
    }

    public String token() {
        return token;
    }
}
