package ax650n.tuning.bench;

import ax650n.tuning.cli.BenchCommand;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.nio.file.Path;

/**
 * Run in its own JVM by {@link BenchInterruptTest}: {@code bench --modes untuned,tuned -n 1
 * --warmup 0} over the fake ax-llm in STATE_DIR (its first argument), with the
 * {@link GovernorControl} on STATE_DIR/sysroot, exiting with the command's exit code.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        FakeAxLlm fake = new FakeAxLlm(Path.of(args[0]), null);
        GovernorControl control = new GovernorControl(SysRoot.of(fake.sysroot()), CpuSet.of(0));
        java.util.List<String> a = new java.util.ArrayList<>(
                java.util.List.of("--modes", "untuned,tuned", "-n", "1", "--warmup", "0", "--"));
        a.addAll(fake.command());
        System.exit(new BenchCommand(ctx -> control).run(a.toArray(String[]::new), System.out, System.err));
    }
}
