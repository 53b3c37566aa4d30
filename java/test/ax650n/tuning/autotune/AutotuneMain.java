package ax650n.tuning.autotune;

import ax650n.tuning.cli.AutotuneCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in its own JVM by {@link AutotuneInterruptTest}: {@code autotune -n 2} over the fake
 * workload in STATE_DIR (its first argument) on the tree STATE_DIR/sysroot, with the tuner's
 * mode switch ({@link FakeWorkload#control}); exits with the command's exit code.
 */
public final class AutotuneMain {
    private AutotuneMain() {
    }

    public static void main(String[] args) throws Exception {
        FakeWorkload fake = new FakeWorkload(Path.of(args[0]));
        List<String> a = new ArrayList<>(List.of("-n", "2", "--sysroot", fake.sysroot().toString(), "--"));
        a.addAll(fake.command());
        System.exit(new AutotuneCommand(ctx -> fake.control(ctx.config())).run(a.toArray(String[]::new), System.out,
                System.err));
    }
}
