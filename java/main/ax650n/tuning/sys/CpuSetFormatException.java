package ax650n.tuning.sys;

/** A CPU list or mask that does not parse; names the offending token (echoed text is cut and escaped). */
public final class CpuSetFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String token;
    private final String reason;

    public CpuSetFormatException(String text, String token, String why) {
        super("bad CPU set '" + Printable.clip(text.strip()) + "': token '" + Printable.clip(token) + "': " + why);
        this.token = token;
        this.reason = why;
    }

    public String token() {
        return token;
    }

    /** What is wrong with the token, e.g. "not a CPU number". */
    public String reason() {
        return reason;
    }
}
