package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Issue 14 item 12: one place turns any IOException into one line without class names. */
class PrintableTest {
    @Test
    void fileSystemExceptionsBecomeSentences() {
        assertEquals("/proc/run: no such file or directory", Printable.message(new NoSuchFileException("/proc/run")));
        assertEquals("/run/x/journal.tmp: already exists",
                Printable.message(new FileAlreadyExistsException("/run/x/journal.tmp")));
        assertEquals("/etc/x: permission denied", Printable.message(new AccessDeniedException("/etc/x")));
        assertEquals("/run/ax650n-tuning/journal: read-only file system",
                Printable.message(new FileSystemException("/run/ax650n-tuning/journal", null, "Read-only file system")));
        assertEquals("a -> b: already exists", Printable.message(new FileAlreadyExistsException("a", "b", null)));
    }

    @Test
    void otherMessagesLoseWrappedClassNames() {
        assertEquals("No space left on device",
                Printable.message(new IOException(new IOException("No space left on device"))));
        assertEquals("not valid UTF-8 text", Printable.message(new MalformedInputException(1)));
        assertEquals("input/output error", Printable.message(new IOException()));
        assertEquals("bad \\e[31m\\n", Printable.message(new IOException("bad \u001b[31m\n")));
    }

    @Test
    void escapeAndClip() {
        assertEquals("a\\tb\\x00\\x7f\\x9b\\u2028é", Printable.escape("a\tb\0\u007f\u009b\u2028é"));
        assertEquals("x".repeat(60) + "…", Printable.clip("x".repeat(10_000)));
        assertEquals("short", Printable.clip("short"));
    }
}
