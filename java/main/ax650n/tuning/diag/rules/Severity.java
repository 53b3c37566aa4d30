package ax650n.tuning.diag.rules;

/** How bad a finding is; any {@link #WARN} or {@link #BAD} makes diagnose exit 1. */
public enum Severity {
    OK, WARN, BAD;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
