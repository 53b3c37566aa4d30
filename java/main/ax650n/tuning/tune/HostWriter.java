package ax650n.tuning.tune;

import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one writer the {@link Applier} changes the host through: kernel attributes with a single
 * {@code write(2)} in the native seam, and the irqbalance drop-in as an ordinary file through
 * the same exclusive, link-refusing file operations as the journal. Targets are host paths
 * resolved by the {@link SysRoot}. Production uses {@link #NATIVE}; the fault-injection tests
 * wrap it to fail, short-write or "crash" at any one write.
 */
public interface HostWriter {
    /** Throws when the writer cannot work at all on this machine (no native library). */
    void ensureAvailable() throws NativeUnavailableException;

    /**
     * Writes {@code data} to a kernel file with one write(2).
     *
     * @return the bytes the kernel took (fewer than {@code data.length} is a short write)
     */
    int writeKernel(SysRoot root, String target, byte[] data) throws IOException, NativeUnavailableException;

    /** Replaces a regular file atomically (temp file, fsync, rename). */
    void replaceFile(SysRoot root, String target, byte[] data) throws IOException;

    /** Removes a file; nothing there is fine. */
    void deleteFile(SysRoot root, String target) throws IOException;

    /** The real host: {@link NativeLinux} for kernel files, {@link JournalFiles#REAL} for the drop-in. */
    HostWriter NATIVE = new HostWriter() {
        @Override
        public void ensureAvailable() throws NativeUnavailableException {
            NativeLinux.ensureAvailable();
        }

        @Override
        public int writeKernel(SysRoot root, String target, byte[] data) throws IOException, NativeUnavailableException {
            return root.writeKernelFile(target, data);
        }

        @Override
        public void replaceFile(SysRoot root, String target, byte[] data) throws IOException {
            JournalFiles f = JournalFiles.REAL;
            Path path = root.pathNoFollow(target);
            Path dir = path.getParent();
            if (f.attributes(dir).isEmpty()) {
                java.nio.file.Files.createDirectories(dir);
            }
            Path tmp = root.pathNoFollow(target + ".tmp");
            f.delete(tmp);
            try {
                try (JournalFiles.Output out = f.create(tmp)) {
                    out.write(data);
                    out.sync();
                }
                f.rename(tmp, path);
            } catch (IOException e) {
                try {
                    f.delete(tmp);
                } catch (IOException ignored) {
                    // the first error is the one reported
                }
                throw e;
            }
            f.syncDirectory(dir);
        }

        @Override
        public void deleteFile(SysRoot root, String target) throws IOException {
            Path path = root.pathNoFollow(target);
            if (JournalFiles.REAL.delete(path)) {
                JournalFiles.REAL.syncDirectory(path.getParent());
            }
        }
    };
}
