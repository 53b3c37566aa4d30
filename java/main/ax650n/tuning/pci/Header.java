package ax650n.tuning.pci;

import ax650n.tuning.sys.Ascii;
import java.util.Optional;

/**
 * The standard 64-byte header: identity, class, header layout, the command/status bits that
 * matter for diagnosis, and a bridge's bus numbers.
 *
 * @param headerType the raw header-type byte (bit 7 = multi-function; see {@link #layout()})
 * @param buses      primary/secondary/subordinate bus for a PCI-to-PCI (layout 1) or CardBus
 *                   (layout 2) bridge; empty for other layouts
 */
public record Header(int vendorId, int deviceId, int command, int status, int revision,
        int progIf, int subClass, int baseClass, int headerType, Optional<BridgeBuses> buses,
        int capabilityPointer) {

    /** Bus numbers of a bridge (offsets 0x18..0x1a for both bridge layouts). */
    public record BridgeBuses(int primary, int secondary, int subordinate) {
    }

    /** Header layout: 0 = normal device, 1 = PCI-to-PCI bridge, 2 = CardBus bridge. */
    public int layout() {
        return headerType & 0x7f;
    }

    public boolean multiFunction() {
        return (headerType & 0x80) != 0;
    }

    /** Command bit 1, "Mem" in lspci. */
    public boolean memorySpaceEnabled() {
        return (command & 0x2) != 0;
    }

    /** Command bit 2, "BusMaster". */
    public boolean busMaster() {
        return (command & 0x4) != 0;
    }

    /** Command bit 10, "DisINTx": legacy INTx disabled (normal with MSI). */
    public boolean interruptDisable() {
        return (command & 0x400) != 0;
    }

    /** Status bit 4, "Cap+": a capability list is present. */
    public boolean capabilityList() {
        return (status & 0x10) != 0;
    }

    /** The 24-bit class code base:sub:prog-if. */
    public int classCode() {
        return baseClass << 16 | subClass << 8 | progIf;
    }

    /** vendor:device in lower-case hex, e.g. {@code 1f4b:0650}. */
    public String id() {
        return id(vendorId, deviceId);
    }

    /** A vendor:device pair as lspci and the configuration write it: 4 lower-case hex digits each. */
    public static String id(int vendor, int device) {
        return Ascii.hex(vendor, 4) + ":" + Ascii.hex(device, 4);
    }
}
