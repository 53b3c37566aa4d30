package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.RegularFile;

import ax650n.tuning.sys.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hex dumps of {@code lspci -x}, {@code -xxx} and {@code -xxxx}: the format
 * {@code lspci -F FILE} reads back and users paste into bug reports.
 *
 * <p>Grammar (the one lspci's dump reader accepts):
 * <ul>
 *   <li>a device line starts with {@code bb:dd.f } or {@code dddd:bb:dd.f } (a space follows
 *       the address; the rest, lspci's description, is kept as text);</li>
 *   <li>a hex row is {@code OFFSET: xx xx ...} with a hex offset of 2 to 8 digits, e.g.
 *       {@code 00: 86 80 ...} or {@code 100: 01 00 ...}; its bytes land at OFFSET, OFFSET+1,
 *       ...; bytes never given read as {@code ff} (so does lspci);</li>
 *   <li>an empty line ends the current device;</li>
 *   <li>any other line (lspci's decoded text, indented with tabs, or prose around a paste) is
 *       ignored, as lspci ignores it.</li>
 * </ul>
 * Errors, each naming the line: a hex row whose bytes are followed by anything but the end of
 * the line, a byte beyond offset 4095, an address out of range (e.g. a 5-digit domain). A hex
 * row outside any device (before the first device line or after an empty line) is skipped and
 * reported in {@link Result#warnings()}; lspci skips it silently.
 */
public final class LspciDump {
    private static final Pattern DEVICE = Pattern.compile("^((?:[0-9a-fA-F]{4,5}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-9a-fA-F]) (.*)$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-fA-F]{2,8}): (.*)$");

    /** One device of a dump. */
    public record Device(Bdf bdf, String description, byte[] bytes, int line) {
        public Device {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return bdf + " (" + bytes.length + " bytes, line " + line + ")";
        }
    }

    /** The devices in file order, and notes about skipped hex rows. */
    public record Result(List<Device> devices, List<String> warnings) {
        public Result {
            devices = List.copyOf(devices);
            warnings = List.copyOf(warnings);
        }
    }

    /** A dump line that cannot be read; the message names the line. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        public FormatException(String source, int line, String message) {
            super(Printable.escape(source) + ":" + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private LspciDump() {
    }

    public static Result read(Path file) throws IOException, FormatException {
        return parse(file.toString(), new String(RegularFile.read(file, RegularFile.LSPCI_DUMP_LIMIT, "an lspci dump"), StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses dump text.
     *
     * @param source a name for messages (file name, "stdin")
     */
    public static Result parse(String source, String text) throws FormatException {
        List<Device> devices = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Bdf bdf = null;
        String description = null;
        int deviceLine = 0;
        byte[] data = null;
        int len = 0;
        for (int i = 0; i < lines.length; i++) {
            int ln = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (i == lines.length - 1 && line.isEmpty()) {
                break;
            }
            Matcher m = DEVICE.matcher(line);
            if (m.matches()) {
                if (bdf != null) {
                    devices.add(new Device(bdf, description, Arrays.copyOf(data, len), deviceLine));
                }
                try {
                    bdf = Bdf.parseLenient(m.group(1));
                } catch (BdfFormatException | IllegalArgumentException e) {
                    throw new FormatException(source, ln, "PCI address out of range: " + Printable.clip(m.group(1)));
                }
                description = m.group(2);
                deviceLine = ln;
                data = new byte[ConfigSpace.EXTENDED_SIZE];
                Arrays.fill(data, (byte) 0xff);
                len = 0;
                continue;
            }
            if (line.isEmpty()) {
                if (bdf != null) {
                    devices.add(new Device(bdf, description, Arrays.copyOf(data, len), deviceLine));
                }
                bdf = null;
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (!r.matches()) {
                continue;
            }
            if (bdf == null) {
                warnings.add(Printable.escape(source) + ":" + ln + ": hex row outside a device skipped (no device line above it)");
                continue;
            }
            long offset = Long.parseLong(r.group(1), 16);
            String rest = r.group(2);
            int p = 0;
            while (p + 1 < rest.length() && hex(rest.charAt(p)) && hex(rest.charAt(p + 1))
                    && (p + 2 == rest.length() || rest.charAt(p + 2) == ' ')) {
                if (offset >= ConfigSpace.EXTENDED_SIZE) {
                    throw new FormatException(source, ln, "byte at offset 0x" + Long.toHexString(offset)
                            + " beyond the 4096 bytes of config space");
                }
                data[(int) offset] = (byte) Integer.parseInt(rest.substring(p, p + 2), 16);
                offset++;
                len = (int) Math.max(len, offset);
                p += 2;
                if (p < rest.length()) {
                    p++;
                }
            }
            if (p < rest.length()) {
                throw new FormatException(source, ln, "malformed hex row at column "
                        + (r.start(2) + p + 1) + ": \"" + Printable.clip(rest.substring(p)) + "\"");
            }
        }
        if (bdf != null) {
            devices.add(new Device(bdf, description, Arrays.copyOf(data, len), deviceLine));
        }
        return new Result(devices, warnings);
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Writes bytes as lspci -xxx/-xxxx rows under a device line, the format {@code lspci -F} reads. */
    public static String format(Bdf bdf, String description, byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3 + bytes.length / 16 * 6 + 64);
        sb.append(bdf).append(' ').append(description).append('\n');
        for (int row = 0; row < bytes.length; row += 16) {
            sb.append(String.format("%02x:", row));
            for (int i = row; i < Math.min(row + 16, bytes.length); i++) {
                sb.append(' ').append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
            }
            sb.append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }
}
