package ax650n.tuning.pci;

import ax650n.tuning.sys.Labelled;

/** PCI Express device/port type (Express capability register bits 7:4). */
public enum PortType implements Labelled {
    ENDPOINT(0, "Endpoint", true, false),
    LEGACY_ENDPOINT(1, "Legacy Endpoint", true, false),
    ROOT_PORT(4, "Root Port", true, true),
    UPSTREAM_PORT(5, "Upstream Port", true, false),
    DOWNSTREAM_PORT(6, "Downstream Port", true, true),
    PCIE_TO_PCI_BRIDGE(7, "PCI-Express to PCI/PCI-X Bridge", true, false),
    PCI_TO_PCIE_BRIDGE(8, "PCI/PCI-X to PCI-Express Bridge", true, true),
    RC_INTEGRATED_ENDPOINT(9, "Root Complex Integrated Endpoint", false, false),
    RC_EVENT_COLLECTOR(10, "Root Complex Event Collector", false, false);

    private final int code;
    private final String label;
    private final boolean hasLink;
    private final boolean downstreamFacing;

    PortType(int code, String label, boolean hasLink, boolean downstreamFacing) {
        this.code = code;
        this.label = label;
        this.hasLink = hasLink;
        this.downstreamFacing = downstreamFacing;
    }

    public int code() {
        return code;
    }

    /** The name lspci prints (without its "(Slot+)" suffix). */
    @Override
    public String label() {
        return label;
    }

    /** Whether the function has link registers (root-complex integrated functions have none). */
    public boolean hasLink() {
        return hasLink;
    }

    /**
     * Whether the port faces downstream (root port, switch downstream port, PCI-to-PCIe bridge).
     * Such a port's LnkCap is what it offers, so a narrower LnkSta is not a downgrade of it.
     */
    public boolean downstreamFacing() {
        return downstreamFacing;
    }

    /** The type for a register code, or null for a reserved one. */
    public static PortType fromCode(int code) {
        for (PortType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
