package ax650n.tuning.pci;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The PCI Express capability (ID 0x10).
 *
 * @param offset    where it sits
 * @param flags     the Express Capabilities register (version, port type, slot, interrupt message)
 * @param device    DevCap/DevCtl/DevSta, empty when they lie beyond the bytes read
 * @param link      LnkCap/LnkCtl/LnkSta, empty when beyond the bytes read or when the function
 *                  has no link (root-complex integrated endpoint / event collector)
 * @param linkCap2  LnkCap2 (capability version 2 and later), empty when version 1 or unread
 */
public record PciExpress(int offset, int flags, Optional<Device> device, Optional<Link> link,
        OptionalInt linkCap2) {

    public int version() {
        return flags & 0xf;
    }

    /** Raw device/port type code (bits 7:4). */
    public int portTypeCode() {
        return (flags >> 4) & 0xf;
    }

    /** The port type, or null for a reserved code. */
    public PortType portType() {
        return PortType.fromCode(portTypeCode());
    }

    /** The port type as lspci names it, "Unknown type N" for reserved codes. */
    public String portTypeLabel() {
        PortType t = portType();
        return t == null ? "Unknown type " + portTypeCode() : t.label();
    }

    /** Speeds named in LnkCap2's Supported Link Speeds vector (empty when LnkCap2 is absent or 0). */
    public List<LinkSpeed> supportedSpeeds() {
        List<LinkSpeed> out = new ArrayList<>();
        if (linkCap2.isPresent()) {
            int vector = supportedSpeedsVector();
            for (int bit = 0; bit < 7; bit++) {
                if ((vector & (1 << bit)) != 0) {
                    LinkSpeed s = LinkSpeed.fromCode(bit + 1);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** LnkCap2 bits 7:1, bit 0 = 2.5 GT/s ... bit 5 = 64 GT/s; 0 when absent. */
    public int supportedSpeedsVector() {
        return linkCap2.isPresent() ? (linkCap2.getAsInt() >>> 1) & 0x7f : 0;
    }

    /** Device Capabilities / Control / Status. */
    public record Device(int capabilities, int control, int status) {

        /** DevCap Max_Payload_Size Supported, in bytes. */
        public int maxPayloadSupported() {
            return 128 << (capabilities & 7);
        }

        /** DevCtl Max_Payload_Size, in bytes. */
        public int maxPayload() {
            return 128 << ((control >> 5) & 7);
        }

        /** DevCtl Max_Read_Request_Size, in bytes. */
        public int maxReadRequest() {
            return 128 << ((control >> 12) & 7);
        }

        public boolean correctableErrorDetected() {
            return (status & 0x1) != 0;
        }

        public boolean nonFatalErrorDetected() {
            return (status & 0x2) != 0;
        }

        public boolean fatalErrorDetected() {
            return (status & 0x4) != 0;
        }

        public boolean unsupportedRequestDetected() {
            return (status & 0x8) != 0;
        }

        public boolean auxPowerDetected() {
            return (status & 0x10) != 0;
        }

        public boolean transactionsPending() {
            return (status & 0x20) != 0;
        }
    }

    /**
     * Link Capabilities / Control / Status.
     *
     * @param portTypeCode the owning capability's port type (decides what counts as downgraded)
     */
    public record Link(int portTypeCode, int capabilities, int control, int status) {
        private static final String[] L0S = {"<64ns", "<128ns", "<256ns", "<512ns", "<1us", "<2us", "<4us", "unlimited"};
        private static final String[] L1 = {"<1us", "<2us", "<4us", "<8us", "<16us", "<32us", "<64us", "unlimited"};
        private static final String[] ASPM_SUPPORT = {"not supported", "L0s", "L1", "L0s L1"};
        private static final String[] ASPM_CONTROL = {"Disabled", "L0s Enabled", "L1 Enabled", "L0s L1 Enabled"};

        public int portNumber() {
            return capabilities >>> 24;
        }

        /** LnkCap Max Link Speed code (1 = 2.5 GT/s ...). */
        public int maxSpeedCode() {
            return capabilities & 0xf;
        }

        /** The capable speed, or null for a reserved code. */
        public LinkSpeed maxSpeed() {
            return LinkSpeed.fromCode(maxSpeedCode());
        }

        public int maxWidth() {
            return (capabilities >> 4) & 0x3f;
        }

        /** ASPM Support: bit 0 = L0s, bit 1 = L1. */
        public int aspmSupport() {
            return (capabilities >> 10) & 3;
        }

        /** As lspci prints it: "not supported", "L0s", "L1" or "L0s L1". */
        public String aspmSupportLabel() {
            return ASPM_SUPPORT[aspmSupport()];
        }

        public String l0sExitLatency() {
            return L0S[(capabilities >> 12) & 7];
        }

        public String l1ExitLatency() {
            return L1[(capabilities >> 15) & 7];
        }

        /** LnkCtl ASPM Control: bit 0 = L0s enabled, bit 1 = L1 enabled. */
        public int aspmControl() {
            return control & 3;
        }

        /** As lspci prints it: "Disabled", "L0s Enabled", "L1 Enabled" or "L0s L1 Enabled". */
        public String aspmControlLabel() {
            return ASPM_CONTROL[aspmControl()];
        }

        /** LnkSta Current Link Speed code. */
        public int speedCode() {
            return status & 0xf;
        }

        /** The current speed, or null for a reserved/zero code (link down). */
        public LinkSpeed speed() {
            return LinkSpeed.fromCode(speedCode());
        }

        /** LnkSta Negotiated Link Width (0 when the link is down). */
        public int width() {
            return (status >> 4) & 0x3f;
        }

        /** Data Link Layer Link Active ("DLActive+"). */
        public boolean dataLinkActive() {
            return (status & 0x2000) != 0;
        }

        private boolean downgradeApplies() {
            PortType t = PortType.fromCode(portTypeCode);
            return t == null || !t.downstreamFacing();
        }

        /**
         * Whether the current speed is below the capable one on a port whose LnkCap describes
         * itself: exactly where lspci prints "(downgraded)" after the LnkSta speed. Root and
         * downstream ports are never "downgraded" (their LnkCap is what they offer).
         */
        public boolean speedDowngraded() {
            return speedCode() < maxSpeedCode() && downgradeApplies();
        }

        /** As {@link #speedDowngraded()}, for the width. */
        public boolean widthDowngraded() {
            return width() < maxWidth() && downgradeApplies();
        }

        /** Current speed above the capable one (lspci: "(overdriven)"); a register inconsistency. */
        public boolean speedOverdriven() {
            return speedCode() > maxSpeedCode();
        }

        public boolean widthOverdriven() {
            return width() > maxWidth();
        }

        /** Bandwidth per direction of the link as it is now; empty when speed or width is not valid. */
        public Optional<LinkBandwidth> currentBandwidth() {
            return LinkBandwidth.of(speed(), width());
        }

        /** Bandwidth per direction this function could reach (LnkCap speed and width). */
        public Optional<LinkBandwidth> capableBandwidth() {
            return LinkBandwidth.of(maxSpeed(), maxWidth());
        }
    }
}
