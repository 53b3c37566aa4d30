package ax650n.tuning.cli;

import ax650n.tuning.bench.MetricChoice;
import ax650n.tuning.bench.MetricOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

/**
 * Checks every command applies after commons-cli has parsed its line: a single-valued option
 * given twice is refused (commons-cli would silently keep the first), and so is an option whose
 * value is empty ({@code --config ""}). Both are usage errors (exit 2).
 */
final class CommandLines {
    private CommandLines() {
    }

    /** @param repeatable long names of the options that may be given more than once (e.g. diagnose's --id) */
    static void check(CommandLine cl, Set<String> repeatable) throws ParseException {
        Set<String> seen = new HashSet<>();
        for (Option o : cl.getOptions()) {
            String name = o.getLongOpt() != null ? o.getLongOpt() : o.getOpt();
            if (o.hasArg()) {
                String v = o.getValue();
                if (v == null || v.isEmpty()) {
                    throw new ParseException("--" + name + ": the value is empty");
                }
            }
            if (!seen.add(name) && o.hasArg() && !repeatable.contains(name)) {
                throw new ParseException("--" + name + " given more than once");
            }
        }
    }

    /** The metrics of {@code --metric} and {@code --lower-is-better} (bench and autotune), a usage error when bad. */
    static MetricChoice metrics(CommandLine cl) throws ParseException {
        try {
            return MetricOptions.parse(values(cl, "metric"), values(cl, "lower-is-better"));
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage());
        }
    }

    private static List<String> values(CommandLine cl, String name) {
        String[] v = cl.getOptionValues(name);
        return v == null ? List.of() : List.of(v);
    }
}
