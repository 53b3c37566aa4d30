package ax650n.tuning.cli;

import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * The single exit path of each main: whatever escapes a command (a bug, an exhausted heap) is
 * printed as one line, never as a stack trace, and becomes exit 1 (3 when the JVM ran out of
 * memory or stack, or a part of the installation cannot be loaded: the environment). The line names no Java class, only what went wrong.
 */
final class LastResort {
    private LastResort() {
    }

    /** For the mains: a failure in another thread (the signal relay, a reader of a child's output) gets one line too. */
    static void backgroundThreads(String name, PrintStream err) {
        // an anonymous class, not a lambda: no invokedynamic bootstrap at start-up
        Thread.setDefaultUncaughtExceptionHandler(new Thread.UncaughtExceptionHandler() {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                err.println(name + ": internal error in a background task"
                        + (e.getMessage() == null ? "" : ": " + ax650n.tuning.sys.Printable.clip(e.getMessage(), 200)));
            }
        });
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
        } catch (LinkageError e) {
            // a jar of the installation is missing or unreadable (commons-cli, our own)
            String m = e.getMessage() == null ? "" : e.getMessage().replace('.', '/');
            String what = m.startsWith("org/apache/commons/cli/") ? "the commons-cli library (libcommons-cli-java)"
                    : "a part of the program";
            err.println(name + ": the installation is incomplete or unreadable: " + what + " cannot be loaded");
            return ExitCode.ENVIRONMENT.code();
        } catch (RuntimeException | Error e) {
            String m = e.getMessage() == null ? "" : ": " + ax650n.tuning.sys.Printable.clip(e.getMessage(), 200);
            err.println(name + ": internal error" + m + " (please report it with the command line)");
            return ExitCode.FAILED.code();
        }
    }
}
