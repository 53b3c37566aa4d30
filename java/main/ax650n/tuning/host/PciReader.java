package ax650n.tuning.host;

import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the PCI devices of a {@link HostSnapshot} from {@code /sys/bus/pci/devices}. */
final class PciReader {
    /** sysfs attributes read as text, beyond the ids. */
    static final List<String> TEXT_ATTRIBUTES = List.of("current_link_speed", "current_link_width",
            "max_link_speed", "max_link_width", AerCounters.ATTRIBUTES.get(0), AerCounters.ATTRIBUTES.get(1),
            AerCounters.ATTRIBUTES.get(2));

    private PciReader() {
    }

    static List<PciDevice> readAll(SysRoot root) throws IOException {
        List<PciDevice> out = new ArrayList<>();
        for (String name : root.list(HostSnapshot.PCI_DEVICES)) {
            Bdf bdf;
            try {
                bdf = Bdf.parse(name);
            } catch (BdfFormatException e) {
                continue; // not a device entry
            }
            out.add(read(root, bdf));
        }
        return out;
    }

    /** Reads one device; the BDF is validated, so the path cannot leave /sys/bus/pci/devices. */
    static PciDevice read(SysRoot root, Bdf bdf) throws IOException {
        String dir = HostSnapshot.PCI_DEVICES + "/" + bdf;
        if (!root.exists(dir)) {
            throw new HostReadException(dir, "no such PCI device");
        }
        String real = root.realPath(dir);
        int vendor = hexAttr(root, dir + "/vendor");
        int device = hexAttr(root, dir + "/device");
        int cls = hexAttr(root, dir + "/class");
        int rev = root.exists(dir + "/revision") ? hexAttr(root, dir + "/revision") : 0;
        int sv = root.exists(dir + "/subsystem_vendor") ? hexAttr(root, dir + "/subsystem_vendor") : 0;
        int sd = root.exists(dir + "/subsystem_device") ? hexAttr(root, dir + "/subsystem_device") : 0;
        Optional<String> link = root.readLink(dir + "/driver");
        Optional<String> driver = link.isPresent() ? Optional.of(link.get().substring(link.get().lastIndexOf('/') + 1))
                : Optional.empty();
        List<Integer> msi = new ArrayList<>();
        for (String n : root.list(dir + "/msi_irqs")) {
            if (n.matches("\\d{1,9}")) {
                msi.add(Integer.parseInt(n));
            }
        }
        msi.sort(null);
        OptionalInt legacy = OptionalInt.empty();
        Optional<String> irq = root.readOptional(dir + "/irq");
        if (irq.isPresent() && irq.get().trim().matches("\\d{1,9}")) {
            legacy = OptionalInt.of(Integer.parseInt(irq.get().trim()));
        }
        byte[] config = new byte[0];
        if (root.exists(dir + "/config")) {
            try {
                config = root.readConfigSpace(dir + "/config");
            } catch (IOException e) {
                config = new byte[0]; // reported by diagnose as "config space unreadable"
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : TEXT_ATTRIBUTES) {
            Optional<String> v = root.readOptional(dir + "/" + a);
            if (v.isPresent()) {
                attrs.put(a, v.get());
            }
        }
        return new PciDevice(bdf, real, vendor, device, cls, rev, sv, sd, driver, msi, legacy, parents(real, bdf), config,
                attrs);
    }

    /** The bridges above a device, root port first, from the BDFs in its real sysfs path. */
    private static List<Bdf> parents(String real, Bdf bdf) {
        List<Bdf> parents = new ArrayList<>();
        for (String part : real.split("/")) {
            if (Bdf.isValid(part)) {
                try {
                    parents.add(Bdf.parse(part));
                } catch (BdfFormatException e) {
                    throw new AssertionError(e);
                }
            }
        }
        if (!parents.isEmpty() && parents.get(parents.size() - 1).compareTo(bdf) == 0) {
            parents.remove(parents.size() - 1);
        }
        return parents;
    }

    private static int hexAttr(SysRoot root, String path) throws IOException {
        if (!root.exists(path)) {
            throw new HostReadException(path, "missing");
        }
        String s = root.readString(path).trim();
        if (!s.matches("0x[0-9a-fA-F]{1,8}")) {
            throw new HostReadException(path, "not a hex value: '" + Printable.clip(s) + "'");
        }
        return (int) Long.parseLong(s.substring(2), 16);
    }
}
