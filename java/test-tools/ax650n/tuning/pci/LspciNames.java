package ax650n.tuning.pci;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capability IDs from the titles lspci (pciutils 3.9) prints after "Capabilities: [xx]":
 * lspci does not print the ID of a capability it knows, so the conformance check maps its
 * text back. Prefixes are tried in order; a title that matches none maps to an empty set,
 * which never equals a decoder ID and so shows up as a disagreement.
 */
final class LspciNames {
    private static final Map<String, Set<Integer>> STANDARD = new LinkedHashMap<>();
    private static final Map<String, Set<Integer>> EXTENDED = new LinkedHashMap<>();
    private static final Pattern UNKNOWN_STD = Pattern.compile("^Capability ID (0x\\p{XDigit}+|0)");
    private static final Pattern UNKNOWN_EXT = Pattern.compile("^Extended Capability ID (0x\\p{XDigit}+|0)");

    static {
        std("Null", 0x00); std("Power Management version", 0x01); std("AGP version", 0x02);
        std("Vital Product Data", 0x03); std("Slot ID:", 0x04); std("MSI:", 0x05);
        std("CompactPCI hot-swap", 0x06); std("PCI-X ", 0x07); std("HyperTransport:", 0x08);
        std("Vendor Specific Information", 0x09); std("Debug port:", 0x0a);
        std("CompactPCI central resource control", 0x0b); std("Hot-plug capable", 0x0c);
        std("Subsystem:", 0x0d); std("AGP3", 0x0e); std("Secure device", 0x0f);
        std("Express ", 0x10); std("MSI-X:", 0x11); std("SATA HBA", 0x12);
        std("PCI Advanced Features", 0x13); std("Enhanced Allocation", 0x14);

        ext("Null", 0x00); ext("Advanced Error Reporting", 0x01);
        EXTENDED.put("Virtual Channel", Set.of(0x02, 0x09));
        ext("Device Serial Number", 0x03); ext("Power Budgeting", 0x04);
        ext("Root Complex Link", 0x05); ext("Root Complex Internal Link", 0x06);
        ext("Root Complex Event Collector Endpoint Association", 0x07);
        ext("Multi-Function Virtual Channel", 0x08); ext("Root Complex Register Block", 0x0a);
        ext("Vendor Specific Information", 0x0b); ext("Access Control Services", 0x0d);
        ext("Alternative Routing-ID Interpretation", 0x0e); ext("Address Translation Service", 0x0f);
        ext("Single Root I/O Virtualization", 0x10); ext("Multi-Root I/O Virtualization", 0x11);
        ext("Multicast", 0x12); ext("Page Request Interface", 0x13);
        ext("Physical Resizable BAR", 0x15); ext("Dynamic Power Allocation", 0x16);
        ext("Transaction Processing Hints", 0x17); ext("Latency Tolerance Reporting", 0x18);
        ext("Secondary PCI Express", 0x19); ext("Protocol Multiplexing", 0x1a);
        ext("Process Address Space ID", 0x1b); ext("LN Requester", 0x1c);
        ext("Downstream Port Containment", 0x1d); ext("L1 PM Substates", 0x1e);
        ext("Precision Time Measurement", 0x1f); ext("PCI Express over M_PHY", 0x20);
        ext("FRS Queueing", 0x21); ext("Readiness Time Reporting", 0x22);
        ext("Designated Vendor-Specific", 0x23); ext("Virtual Resizable BAR", 0x24);
        ext("Data Link Feature", 0x25); ext("Physical Layer 16.0 GT/s", 0x26);
        ext("Lane Margining at the Receiver", 0x27); ext("Hierarchy ID", 0x28);
        ext("Native PCIe Enclosure Management", 0x29); ext("Data Object Exchange", 0x2e);
    }

    private LspciNames() {
    }

    private static void std(String prefix, int id) {
        STANDARD.put(prefix, Set.of(id));
    }

    private static void ext(String prefix, int id) {
        EXTENDED.put(prefix, Set.of(id));
    }

    static Set<Integer> standardIds(String title) {
        return lookup(STANDARD, UNKNOWN_STD, title);
    }

    static Set<Integer> extendedIds(String title) {
        return lookup(EXTENDED, UNKNOWN_EXT, title);
    }

    private static Set<Integer> lookup(Map<String, Set<Integer>> table, Pattern unknown, String title) {
        Matcher m = unknown.matcher(title);
        if (m.find()) {
            return Set.of(Integer.decode(m.group(1)));
        }
        String best = null;
        for (String prefix : table.keySet()) {
            if ((title.equals(prefix) || title.startsWith(prefix)) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Set.of() : table.get(best);
    }
}
