package ax650n.tuning.autotune;

import ax650n.tuning.bench.RunResult;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The metric autotune ranks by: its name and unit for the report, its direction, and how a
 * run's value is read from the bench's {@link RunResult}.
 */
public record Ranking(String name, String unit, boolean higherIsBetter, Function<RunResult, OptionalDouble> value) {
    /** ax-llm's decode speed, the default. */
    public static Ranking decodeSpeed() {
        return new Ranking("decode speed", "tok/s", true, RunResult::tokensPerSecond);
    }
}
