package ax650n.tuning.diag.rules;

import ax650n.tuning.sys.Labelled;

/** How bad a finding is; any {@link #WARN} or {@link #BAD} makes diagnose exit 1. */
public enum Severity implements Labelled {
    OK("ok"), WARN("warn"), BAD("bad");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
