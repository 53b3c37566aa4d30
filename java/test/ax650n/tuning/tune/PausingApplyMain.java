package ax650n.tuning.tune;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child JVM for the SIGKILL tests: {@code PausingApplyMain SYSROOT CONFIG K} plans and applies
 * as {@code ax650n-tune apply} does, through a {@link HostWriter} that, after its K-th write,
 * prints {@code ax650n-tune: paused after write K} and waits to be killed. The pause is an
 * injected writer, not a switch in the production code.
 */
public final class PausingApplyMain {
    private PausingApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        SysRoot root = SysRoot.of(Path.of(args[0]));
        Config config = Config.load(Path.of(args[1]), true);
        int k = Integer.parseInt(args[2]);
        HostWriter pausing = new HostWriter() {
            private int writes;

            @Override
            public void ensureAvailable() throws NativeUnavailableException {
                HostWriter.NATIVE.ensureAvailable();
            }

            @Override
            public int writeKernel(Path path, byte[] data) throws IOException, NativeUnavailableException {
                int n = HostWriter.NATIVE.writeKernel(path, data);
                pause();
                return n;
            }

            @Override
            public void replaceFile(Path path, byte[] data) throws IOException {
                HostWriter.NATIVE.replaceFile(path, data);
                pause();
            }

            @Override
            public void deleteFile(Path path) throws IOException {
                HostWriter.NATIVE.deleteFile(path);
                pause();
            }

            private void pause() {
                if (++writes == k) {
                    System.out.println("ax650n-tune: paused after write " + k);
                    System.out.flush();
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        };
        Plan plan = Planner.plan(HostSnapshot.read(root), config, Optional.empty());
        Applier.Result r = new Applier(root, new StateStore(root), () -> "not restarted (test)", System.out, pausing)
                .apply(plan);
        System.exit(r.failed() ? 1 : 0);
    }
}
