package ax650n.tuning.tune;

import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child JVM for the SIGKILL tests: {@code PausingApplyMain SYSROOT CONFIG K [MODE]} plans and
 * applies as {@code ax650n-tune apply} does (MODE {@code apply}, the default), reverts as
 * {@code ax650n-tune revert} does ({@code revert}), or applies with every write to a policy0
 * governor failing with EIO, so that the run rolls back ({@code rollback}) — through a
 * {@link HostWriter} that, after its K-th write, prints {@code ax650n-tune: paused after write K}
 * and waits to be killed. The pause is an injected writer, not a switch in the production code.
 */
public final class PausingApplyMain {
    private PausingApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        SysRoot root = SysRoot.of(Path.of(args[0]));
        Config config = Config.load(Path.of(args[1]), true);
        int k = Integer.parseInt(args[2]);
        String mode = args.length > 3 ? args[3] : "apply";
        HostWriter pausing = new HostWriter() {
            private int writes;

            @Override
            public void ensureAvailable() throws NativeUnavailableException {
                HostWriter.NATIVE.ensureAvailable();
            }

            @Override
            public int writeKernel(SysRoot root, String path, byte[] data) throws IOException, NativeUnavailableException {
                if (mode.equals("rollback") && path.toString().endsWith("policy0/scaling_governor")) {
                    throw new ax650n.tuning.sys.NativeException(ax650n.tuning.sys.Errno.EIO, "write", root.path(path).toString());
                }
                int n = HostWriter.NATIVE.writeKernel(root, path, data);
                pause();
                return n;
            }

            @Override
            public void replaceFile(SysRoot root, String path, byte[] data) throws IOException {
                HostWriter.NATIVE.replaceFile(root, path, data);
                pause();
            }

            @Override
            public void deleteFile(SysRoot root, String path) throws IOException {
                HostWriter.NATIVE.deleteFile(root, path);
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
        Applier applier = new Applier(root, new StateStore(root), () -> "not restarted (test)", System.out, pausing);
        Applier.Result r = mode.equals("revert") ? applier.revert()
                : applier.apply(Planner.plan(HostSnapshot.read(root, HostScope.EVERYTHING), config, Optional.empty()));
        System.exit(r.failed() ? 1 : 0);
    }
}
