package ax650n.tuning.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers one ax-llm run printed: time to first token (ms) and decode speed (tok/s).
 *
 * <p>Three generations of the runtime print them differently (see HOST-FACTS "ax-llm output"):
 * <pre>
 *   old main_axcl_aarch64 (always coloured):
 *     [I][                             Run][1016]: ttft: 930.97 ms
 *     [N][                             Run][1168]: hit eos,avg 4.26 token/s
 *   axllm:
 *     09:45:45.569 INF Run:1023 | ttft: 860.29 ms
 *     09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 token/s
 *   newest:
 *     11:02:15.661 NTC Run:5095 | hit eos,decode avg 4.00 token/s
 * </pre>
 * ANSI escape sequences are stripped first. Some builds print no ttft line: TTFT is then
 * absent, which is not a failure. A run without a speed line is a failed run
 * ({@link #hasSpeed()} is false). When a run prints several speed or ttft lines (several
 * prompts), the last of each is the run's value and {@link #speeds()} keeps them all.
 */
public final class AxLlmOutput {
    /** The three line shapes, told apart by their prefix. */
    public enum Format {
        /** {@code [I][   Run][1016]: ...} of main_axcl_aarch64. */
        OLD,
        /** {@code 09:45:45.569 INF Run:1023 | ... avg N token/s}. */
        AXLLM,
        /** {@code ... | hit eos,decode avg N token/s}. */
        NEWEST,
        /** A matching number in a line of none of the shapes above. */
        UNKNOWN
    }

    /** CSI sequences (colours, cursor moves), OSC sequences, and two-byte escapes. */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");
    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern TTFT = Pattern.compile("\\bttft:\\s*" + NUMBER + "\\s*ms\\b");
    private static final Pattern SPEED = Pattern.compile(
            "\\bhit eos,\\s*(decode\\s+)?avg\\s+" + NUMBER + "\\s*token/s\\b");
    private static final Pattern OLD_PREFIX = Pattern.compile("^\\[[A-Z]\\]\\[[^\\]]*\\]\\[\\d+\\]:");
    private static final Pattern AXLLM_PREFIX = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? [A-Z]{3} \\S+ \\| ");

    private final List<Double> ttfts;
    private final List<Double> speeds;
    private final Format format;

    private AxLlmOutput(List<Double> ttfts, List<Double> speeds, Format format) {
        this.ttfts = Collections.unmodifiableList(ttfts);
        this.speeds = Collections.unmodifiableList(speeds);
        this.format = format;
    }

    /** Removes ANSI escape sequences and carriage returns. */
    public static String stripAnsi(String text) {
        return ANSI.matcher(text).replaceAll("").replace("\r", "");
    }

    /** Parses the whole output (stdout and stderr merged) of one run. Never throws. */
    public static AxLlmOutput parse(String text) {
        List<Double> ttfts = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        Format format = null;
        for (String raw : stripAnsi(text).split("\n", -1)) {
            String line = raw.strip();
            Matcher t = TTFT.matcher(line);
            if (t.find()) {
                parseNumber(t.group(1), ttfts);
            }
            Matcher s = SPEED.matcher(line);
            if (s.find() && parseNumber(s.group(2), speeds)) {
                format = formatOf(line, s.group(1) != null);
            }
        }
        return new AxLlmOutput(ttfts, speeds, format == null ? Format.UNKNOWN : format);
    }

    private static boolean parseNumber(String digits, List<Double> into) {
        double v = Double.parseDouble(digits); // the pattern admits only finite decimals
        if (Double.isFinite(v)) {
            into.add(v);
            return true;
        }
        return false;
    }

    private static Format formatOf(String line, boolean decodeWord) {
        if (OLD_PREFIX.matcher(line).find()) {
            return Format.OLD;
        }
        if (AXLLM_PREFIX.matcher(line).find()) {
            return decodeWord ? Format.NEWEST : Format.AXLLM;
        }
        return Format.UNKNOWN;
    }

    /** The two metrics of an ax-llm run: decode speed (tok/s, ranks) and TTFT (ms, lower is better). */
    static java.util.List<Metric> metrics() {
        Metric speed = new Metric("tok_s", "decode speed (tok/s)", "tok/s", false, "", "speed", 2,
                run -> {
                    OptionalDouble v = run.parsed(AxLlmOutput.class, AxLlmOutput::parse).tokensPerSecond();
                    return v.isPresent() ? MetricValue.of(v.getAsDouble()) : MetricValue.missing(NO_SPEED);
                });
        Metric ttft = new Metric("ttft_ms", "time to first token (ms)", "ms", true, "ttft", "ttft", 2,
                run -> {
                    OptionalDouble v = run.parsed(AxLlmOutput.class, AxLlmOutput::parse).ttftMillis();
                    return v.isPresent() ? MetricValue.of(v.getAsDouble()) : MetricValue.missing(NO_TTFT);
                });
        return java.util.List.of(speed, ttft);
    }

    /** Why tok_s is missing. */
    static final String NO_SPEED = "no speed line in the output";
    /** Why ttft_ms is missing (some builds print none: not a failure). */
    static final String NO_TTFT = "no ttft line in the output";

    /** The output has an ax-llm speed or ttft line. */
    public boolean recognised() {
        return !speeds.isEmpty() || !ttfts.isEmpty();
    }

    public boolean hasSpeed() {
        return !speeds.isEmpty();
    }

    /** Decode speed in tokens per second of the last speed line. */
    public OptionalDouble tokensPerSecond() {
        return speeds.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(speeds.get(speeds.size() - 1));
    }

    /** Time to first token in milliseconds of the last ttft line; empty where the build prints none. */
    public OptionalDouble ttftMillis() {
        return ttfts.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(ttfts.get(ttfts.size() - 1));
    }

    public List<Double> speeds() {
        return speeds;
    }

    public List<Double> ttfts() {
        return ttfts;
    }

    /** The shape of the last speed line; {@link Format#UNKNOWN} when there is none. */
    public Format format() {
        return format;
    }
}
