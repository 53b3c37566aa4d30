package ax650n.tuning.sys;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * How {@link RegularFile} pulls the bytes of a file it has opened and checked, from a native
 * descriptor, a channel or a stream alike: whole and bounded, or as a bounded stream. Exceeding the
 * limit is a {@link RegularFile.Refused} that names it; nothing is cut silently.
 */
final class ReadLoop {
    /**
     * The first buffer of a file whose size is not known (procfs says 0): most are a few bytes
     * ({@code /proc/<pid>/comm}, {@code /proc/irq/N/*}). 8 KiB, not more: a FileInputStream
     * read of up to 8 KiB uses the JDK's stack buffer, a longer one a malloc and free per call.
     */
    private static final int FIRST_CHUNK = 8 << 10;

    private ReadLoop() {
    }

    /** An open file's bytes. */
    @FunctionalInterface
    interface Source {
        /** Reads up to len bytes into b[off..]; 0 at end of file. */
        int read(byte[] b, int off, int len) throws IOException;

        /** Releases the file; a {@link #readAll} caller closes it itself. */
        default void close() throws IOException {
        }
    }

    /** A descriptor opened through the native seam (named classes, not lambdas: no bootstrap at start-up). */
    static final class FdSource implements Source {
        private final int fd;
        private final String shown;

        FdSource(int fd, String shown) {
            this.fd = fd;
            this.shown = shown;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return RegularFile.nativeRead(fd, b, off, len, shown);
        }
    }

    /** An input stream of the JDK's; closing the source closes it. */
    static final class StreamSource implements Source {
        private final InputStream in;

        StreamSource(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return Math.max(0, in.read(b, off, len));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Reads until end of file. {@code sizeHint} (st_size) sizes the first buffer exactly so a
     * file whose size is right is read without a copy; sysfs and procfs sizes are not right,
     * and the buffer then grows, never beyond limit + 1 bytes.
     */
    static byte[] readAll(Source in, long sizeHint, String shown, long limit, String what) throws IOException {
        int cap = (int) Math.min(limit, sizeHint > 0 ? sizeHint : FIRST_CHUNK);
        byte[] buf = new byte[Math.max(cap, 1)];
        int total = 0;
        while (true) {
            if (total == buf.length) {
                // full: is there more?
                byte[] probe = new byte[1];
                int n = in.read(probe, 0, 1);
                if (n <= 0) {
                    return buf;
                }
                if (total + 1L > limit) {
                    throw RegularFile.tooLarge(shown, limit, what, -1);
                }
                int next = (int) Math.min(limit, Math.max(buf.length * 2L, FIRST_CHUNK));
                buf = Arrays.copyOf(buf, next);
                buf[total++] = probe[0];
                continue;
            }
            int n = in.read(buf, total, buf.length - total);
            if (n <= 0) {
                return total == buf.length ? buf : Arrays.copyOf(buf, total);
            }
            total += n;
        }
    }

    /** A stream over a source that refuses to go past {@code limit} bytes (a file growing meanwhile); closes it once. */
    static final class Bounded extends InputStream {
        private final Source in;
        private final String shown;
        private final long limit;
        private final String what;
        private long count;
        private boolean closed;

        Bounded(Source in, String shown, long limit, String what) {
            this.in = in;
            this.shown = shown;
            this.limit = limit;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, len);
            if (n <= 0) {
                return -1;
            }
            if ((count += n) > limit) {
                throw RegularFile.tooLarge(shown, limit, what, -1);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                in.close();
            }
        }
    }
}
