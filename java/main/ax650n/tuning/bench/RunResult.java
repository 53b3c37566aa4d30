package ax650n.tuning.bench;

import java.util.OptionalDouble;

/**
 * One execution of the benchmarked command.
 *
 * @param index 1-based position in execution order, warm-up runs included
 * @param round 1-based round (warm-up rounds come first and are numbered too)
 * @param warmup warm-up runs are reported but not counted in the statistics
 * @param exitCode the command's exit status (128 + signal when killed; -1 when it never started)
 * @param failure why the run is failed (non-zero exit, no speed line, timeout, start failure), or null
 * @param outputTail the last lines of its output, kept for failed runs
 */
public record RunResult(int index, int round, Mode mode, boolean warmup, int exitCode, OptionalDouble tokensPerSecond,
        OptionalDouble ttftMillis, String failure, long durationMillis, String outputTail) {

    public boolean failed() {
        return failure != null;
    }

    /** A measured (not warm-up), successful run: its numbers enter the statistics. */
    public boolean counted() {
        return !warmup && !failed();
    }
}
