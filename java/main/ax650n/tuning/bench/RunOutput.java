package ax650n.tuning.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a {@link Metric} extracts its value from: the run's captured output (stdout and stderr
 * merged, ANSI escapes and carriage returns removed) and the run's wall time. A parse that
 * several metrics share (ax-llm's, axcl_run_model's) is done once per run through {@link #parsed}.
 */
public final class RunOutput {
    private final String text;
    private final long wallNanos;
    private final Map<Object, Object> parsed = new HashMap<>();

    private RunOutput(String text, long wallNanos) {
        this.text = text;
        this.wallNanos = wallNanos;
    }

    /** @param raw the captured output as printed; @param wallNanos start to exit of the command */
    public static RunOutput of(String raw, long wallNanos) {
        if (wallNanos < 0) {
            throw new IllegalArgumentException("negative wall time: " + wallNanos);
        }
        return new RunOutput(AxLlmOutput.stripAnsi(raw), wallNanos);
    }

    /** The output without ANSI escapes and carriage returns. */
    public String text() {
        return text;
    }

    public long wallNanos() {
        return wallNanos;
    }

    /** Wall time in milliseconds, with the sub-millisecond part. */
    public double wallMillis() {
        return wallNanos / 1e6;
    }

    /** The parse of the text by {@code parser}, computed once per run and key. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T parsed(Object key, Function<String, T> parser) {
        Object v = parsed.get(key);
        if (v == null) {
            v = parser.apply(text);
            parsed.put(key, v);
        }
        return (T) v;
    }
}
