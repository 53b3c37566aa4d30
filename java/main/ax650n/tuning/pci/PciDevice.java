package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A PCI function as sysfs shows it under {@code /sys/bus/pci/devices/<BDF>}.
 *
 * @param sysfsPath   the device's real sysfs directory (links followed), e.g.
 *                    {@code /sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0}
 * @param parents     the bridges above it, root port first, taken from that path
 * @param driver      the bound driver's name (the {@code driver} link), empty when unbound
 * @param msiIrqs     IRQ numbers from {@code msi_irqs/}, ascending
 * @param config      the config-space bytes that could be read (64, 256 or 4096)
 * @param attributes  other sysfs attributes read as text (link speed/width, AER counters)
 */
public record PciDevice(Bdf bdf, String sysfsPath, int vendor, int device, int classCode, int revision,
                        int subsystemVendor, int subsystemDevice, Optional<String> driver, List<Integer> msiIrqs,
                        OptionalInt legacyIrq, List<Bdf> parents, byte[] config, Map<String, String> attributes) {
    public PciDevice {
        msiIrqs = List.copyOf(msiIrqs);
        parents = List.copyOf(parents);
        config = config.clone();
        attributes = Map.copyOf(attributes);
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    public String id() {
        return Header.id(vendor, device);
    }

    public boolean matches(int vendorId, int deviceId) {
        return vendor == vendorId && device == deviceId;
    }

    /** The bridge directly above this device. */
    public Optional<Bdf> upstreamPort() {
        return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(parents.size() - 1));
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public String toString() {
        return bdf + " " + id() + driver.map(d -> " [" + d + "]").orElse("");
    }
}
