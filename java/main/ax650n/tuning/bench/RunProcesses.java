package ax650n.tuning.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the runner does with a run's process: kill it with its children, capture its output, keep its tail. */
final class RunProcesses {
    private static final int TAIL_LINES = 8;
    private static final int MAX_CAPTURE = 4 << 20;

    private RunProcesses() {
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void copy(InputStream in, ByteArrayOutputStream into, OutputStream echo) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (into) {
                    if (into.size() + n > MAX_CAPTURE) {
                        // keep the end, where the numbers are: drop the older half
                        byte[] all = into.toByteArray();
                        into.reset();
                        into.write(all, all.length / 2, all.length - all.length / 2);
                    }
                    into.write(buf, 0, n);
                }
                if (echo != null) {
                    echo.write(buf, 0, n);
                    echo.flush();
                }
            }
        } catch (IOException e) {
            // the process was killed and its pipe closed: what was read is kept
        }
    }

    static String tail(String text) {
        String[] lines = AxLlmOutput.stripAnsi(text).split("\n");
        List<String> kept = new ArrayList<>();
        for (int i = lines.length - 1; i >= 0 && kept.size() < TAIL_LINES; i--) {
            if (!lines[i].isBlank()) {
                kept.add(0, lines[i].strip());
            }
        }
        return String.join("\n", kept);
    }
}
