package ax650n.tuning.cli;

import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * The single exit path of each main: whatever escapes a command (a bug, an exhausted heap) is
 * printed as one line, never as a stack trace, and becomes exit 1 (3 when the JVM ran out of
 * memory or stack: the environment). The line names no Java class, only what went wrong.
 */
final class LastResort {
    private LastResort() {
    }

    static int run(String name, PrintStream err, IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println(name + ": out of memory (the input is too large for the Java heap)");
            return ExitCode.ENVIRONMENT.code();
        } catch (StackOverflowError e) {
            err.println(name + ": out of stack space");
            return ExitCode.ENVIRONMENT.code();
        } catch (RuntimeException | Error e) {
            String m = e.getMessage() == null ? "" : ": " + ax650n.tuning.sys.Printable.clip(e.getMessage(), 200);
            err.println(name + ": internal error" + m + " (please report it with the command line)");
            return ExitCode.FAILED.code();
        }
    }
}
