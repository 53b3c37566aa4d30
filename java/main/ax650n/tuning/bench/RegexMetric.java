package ax650n.tuning.bench;

import ax650n.tuning.sys.Printable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --metric NAME=REGEX}: a metric read by a Java regular expression with exactly one
 * capturing group, searched line by line ({@code ^}/{@code $} match at line ends) in the output
 * without ANSI escapes; the last match wins, as the last ax-llm speed line does. The group must
 * hold a decimal number ({@code 12}, {@code -0.5}, {@code 1.2e3}); anything else is a missing value
 * whose reason quotes it. Higher is better unless {@code --lower-is-better NAME}.
 */
public final class RegexMetric {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

    private RegexMetric() {
    }

    /** The compiled pattern; IllegalArgumentException (one line, the regex quoted) unless it compiles with one group. */
    public static Pattern compile(String name, String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--metric " + name + "=" + Printable.clip(regex)
                    + ": the regex does not compile: " + Printable.clip(e.getDescription()) + " at index " + e.getIndex());
        }
        int groups = p.matcher("").groupCount();
        if (groups != 1) {
            throw new IllegalArgumentException("--metric " + name + "=" + Printable.clip(regex)
                    + ": the regex needs exactly one capturing group (the number), it has " + groups
                    + (groups > 1 ? "; make the others non-capturing with (?:...)" : ""));
        }
        return p;
    }

    public static Metric of(String name, String regex, boolean lowerIsBetter) {
        Metric.checkName(name);
        Pattern p = compile(name, regex);
        String shown = Printable.clip(regex);
        return new Metric(name, name + " (/" + shown + "/)",
                "", lowerIsBetter, name, name, 3, run -> extract(p, shown, run.text()));
    }

    static MetricValue extract(Pattern p, String shown, String text) {
        Matcher m = p.matcher(text);
        String last = null;
        boolean matched = false;
        while (m.find()) {
            matched = true;
            last = m.group(1);
            if (m.end() == m.start() && m.end() >= text.length()) {
                break;
            }
        }
        if (!matched) {
            return MetricValue.missing("no match for /" + shown + "/ in the output");
        }
        if (last == null) {
            return MetricValue.missing("/" + shown + "/ matched but its group did not");
        }
        String v = last.strip();
        if (!NUMBER.matcher(v).matches()) {
            return MetricValue.missing("/" + shown + "/ captured '" + Printable.clip(v) + "', not a number");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            return MetricValue.missing("/" + shown + "/ captured '" + Printable.clip(v) + "', out of range");
        }
        return MetricValue.of(d);
    }
}
