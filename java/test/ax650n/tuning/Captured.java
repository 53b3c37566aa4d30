package ax650n.tuning;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A command's stdout and stderr captured in memory, for tests that call a command in-process. */
public final class Captured {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    public final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    public final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** What was printed on {@link #out} so far. */
    public String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on {@link #err} so far. */
    public String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    public void resetOut() {
        outBytes.reset();
    }

    public void resetErr() {
        errBytes.reset();
    }

    @Override
    public String toString() {
        return err();
    }
}
