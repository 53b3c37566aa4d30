package ax650n.tuning.pci;

import ax650n.tuning.sys.Ascii;

/** Names of standard and extended capability IDs (PCI Code and ID Assignment Specification). */
public final class CapabilityNames {
    private static final String[] STANDARD = {
        "Null", "Power Management", "AGP", "Vital Product Data", "Slot Identification", "MSI",
        "CompactPCI Hot Swap", "PCI-X", "HyperTransport", "Vendor Specific", "Debug Port",
        "CompactPCI Central Resource Control", "PCI Hot-Plug", "Bridge Subsystem Vendor ID",
        "AGP 8x", "Secure Device", "PCI Express", "MSI-X", "SATA HBA", "Advanced Features",
        "Enhanced Allocation", "Flattening Portal Bridge",
    };
    private static final String[] EXTENDED = {
        "Null", "Advanced Error Reporting", "Virtual Channel", "Device Serial Number",
        "Power Budgeting", "Root Complex Link Declaration", "Root Complex Internal Link Control",
        "Root Complex Event Collector Endpoint Association", "Multi-Function Virtual Channel",
        "Virtual Channel (MFVC present)", "Root Complex Register Block", "Vendor Specific",
        "Configuration Access Correlation", "Access Control Services",
        "Alternative Routing-ID Interpretation", "Address Translation Services",
        "Single Root I/O Virtualization", "Multi-Root I/O Virtualization", "Multicast",
        "Page Request Interface", "AMD Reserved", "Resizable BAR", "Dynamic Power Allocation",
        "TPH Requester", "Latency Tolerance Reporting", "Secondary PCI Express",
        "Protocol Multiplexing", "Process Address Space ID", "LN Requester",
        "Downstream Port Containment", "L1 PM Substates", "Precision Time Measurement",
        "PCI Express over M-PHY", "FRS Queueing", "Readiness Time Reporting",
        "Designated Vendor-Specific", "VF Resizable BAR", "Data Link Feature",
        "Physical Layer 16.0 GT/s", "Lane Margining at the Receiver", "Hierarchy ID",
        "Native PCIe Enclosure Management", "Physical Layer 32.0 GT/s", "Alternate Protocol",
        "System Firmware Intermediary", "Shadow Functions", "Data Object Exchange", "Device 3",
        "Integrity and Data Encryption", "Physical Layer 64.0 GT/s", "Flit Logging",
        "Flit Performance Measurement", "Flit Error Injection",
    };

    private CapabilityNames() {
    }

    public static String standard(int id) {
        return id >= 0 && id < STANDARD.length ? STANDARD[id] : "Unknown 0x" + Ascii.hex(id, 2);
    }

    public static String extended(int id) {
        return id >= 0 && id < EXTENDED.length ? EXTENDED[id] : "Unknown 0x" + Ascii.hex(id, 4);
    }
}
