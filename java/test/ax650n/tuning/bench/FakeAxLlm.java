package ax650n.tuning.bench;

import ax650n.tuning.sys.CpuSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Sets up the state directory of {@code fake-ax-llm.sh} (see the script's header). */
public final class FakeAxLlm {
    private final Path state;

    public FakeAxLlm(Path state, CpuSet pinnedCpus) throws IOException {
        this.state = state;
        Files.createDirectories(state);
        Files.writeString(state.resolve("pinned-cpus"), (pinnedCpus == null ? "never" : pinnedCpus.toList()) + "\n");
    }

    public Path state() {
        return state;
    }

    public Path sysroot() {
        return state.resolve("sysroot");
    }

    /** The runs the fake answers in one mode ("untuned", "tuned" or "pinned"), in order. */
    public FakeAxLlm sequence(String mode, String... entries) throws IOException {
        Files.write(state.resolve("seq." + mode), List.of(entries));
        return this;
    }

    /** The modes the fake saw, one per run. */
    public List<String> order() throws IOException {
        Path o = state.resolve("order");
        return Files.exists(o) ? Files.readAllLines(o) : List.of();
    }

    public static String script() throws Exception {
        return Path.of(FakeAxLlm.class.getResource("/bench/fake-ax-llm.sh").toURI()).toString();
    }

    /** The command line that runs the fake on this state directory. */
    public List<String> command() throws Exception {
        return List.of("/bin/bash", script(), state.toString());
    }
}
