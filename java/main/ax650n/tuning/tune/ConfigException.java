package ax650n.tuning.tune;

/** A configuration value or key that is not valid; names the file, line, key and value. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException at(String file, int line, String key, String value, String why) {
        return new ConfigException(ax650n.tuning.sys.Printable.escape(file) + ":" + line + ": "
                + ax650n.tuning.sys.Printable.clip(key) + " = '" + ax650n.tuning.sys.Printable.clip(value) + "': " + why);
    }
}
