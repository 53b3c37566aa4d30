package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decoded text of {@code lspci -vvv}, split into devices and capabilities: the oracle side
 * of {@link LspciConformance}. Only structure is parsed here; the fields are read by the
 * conformance checks.
 */
final class LspciText {
    private static final Pattern DEVICE = Pattern.compile("^((?:[0-9a-fA-F]{4,5}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]) .*$");
    private static final Pattern CAP = Pattern.compile("^\tCapabilities: (?:\\[([0-9a-f]+)(?: v(\\d+))?\\] )?(.*)$");

    /** One "Capabilities:" entry and its indented detail lines. */
    record Cap(int offset, boolean extended, int version, String title, List<String> details) {
        /** Whether this is one of lspci's chain markers rather than a capability. */
        boolean marker() {
            return title.startsWith("<");
        }
    }

    /** One device: its header lines (before the first capability) and its capabilities. */
    record Device(Bdf bdf, List<String> headerLines, List<Cap> caps) {
        String headerLine(String prefix) {
            for (String l : headerLines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            return null;
        }

        Cap first(java.util.function.Predicate<Cap> p) {
            for (Cap c : caps) {
                if (p.test(c)) {
                    return c;
                }
            }
            return null;
        }
    }

    private LspciText() {
    }

    static Map<Bdf, Device> parse(String text) throws BdfFormatException {
        Map<Bdf, Device> out = new LinkedHashMap<>();
        Bdf bdf = null;
        List<String> header = null;
        List<Cap> caps = null;
        List<String> details = null;
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(text.split("\n")));
        while (!queue.isEmpty()) {
            String line = queue.poll();
            Matcher d = DEVICE.matcher(line);
            if (d.matches()) {
                bdf = Bdf.parseLenient(d.group(1));
                header = new ArrayList<>();
                caps = new ArrayList<>();
                details = null;
                out.put(bdf, new Device(bdf, header, caps));
                continue;
            }
            if (bdf == null || line.isEmpty()) {
                continue;
            }
            Matcher c = CAP.matcher(line);
            if (c.matches()) {
                details = new ArrayList<>();
                int offset = c.group(1) == null ? -1 : Integer.parseInt(c.group(1), 16);
                boolean ext = c.group(1) != null && c.group(1).length() == 3;
                int version = c.group(2) == null ? 0 : Integer.parseInt(c.group(2));
                String title = c.group(3);
                int glued = title.indexOf("\tCapabilities: ");
                if (glued >= 0) {
                    // a capability whose printer wrote nothing (registers beyond the dump)
                    // leaves the next "Capabilities:" entry on the same line
                    queue.push(title.substring(glued));
                    title = title.substring(0, glued);
                }
                caps.add(new Cap(offset, ext, version, title, details));
            } else if (details != null && line.startsWith("\t\t")) {
                details.add(line.substring(2));
            } else if (line.startsWith("\t")) {
                details = null;
                header.add(line.substring(1));
            }
        }
        return out;
    }
}
