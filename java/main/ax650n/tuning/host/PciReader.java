package ax650n.tuning.host;

import ax650n.tuning.host.HostSnapshot.PciId;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Ascii;
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

/**
 * Reads the PCI devices of a {@link HostSnapshot} from {@code /sys/bus/pci/devices}: every
 * device's vendor and device id, and in full only the cards of a {@link HostScope} and the
 * bridges above them (every device for {@link HostScope#EVERYTHING}). The config space of a
 * device that is not a card costs kernel time on a live host (~10 ms for a virtio device) and
 * is of no use to any command.
 */
final class PciReader {
    /** sysfs attributes read as text, beyond the ids. */
    static final List<String> TEXT_ATTRIBUTES = List.of("current_link_speed", "current_link_width",
            "max_link_speed", "max_link_width", AerCounters.ATTRIBUTES.get(0), AerCounters.ATTRIBUTES.get(1),
            AerCounters.ATTRIBUTES.get(2));

    /** What was read: every listed device's ids, and the devices read in full, both in listing order. */
    record Devices(List<PciId> ids, List<PciDevice> devices) {
    }

    private PciReader() {
    }

    static Devices read(SysRoot root, HostScope scope) throws IOException {
        List<PciId> ids = new ArrayList<>();
        List<PciDevice> full = new ArrayList<>();
        List<String> names = root.list(HostSnapshot.PCI_DEVICES);
        if (scope.everyDevice()) {
            for (String name : names) {
                Bdf bdf = bdfOrNull(name);
                if (bdf != null) {
                    PciDevice d = read(root, bdf);
                    ids.add(new PciId(bdf, d.vendor(), d.device()));
                    full.add(d);
                }
            }
            return new Devices(ids, full);
        }
        for (String name : names) {
            Bdf bdf = bdfOrNull(name);
            if (bdf != null) {
                String dir = dir(bdf);
                int vendor = requiredHex(root, dir, "/vendor");
                ids.add(new PciId(bdf, vendor, requiredHex(root, dir, "/device")));
            }
        }
        // the cards, and the bridges above them that the host lists (a capture may lack one)
        String[] real = new String[ids.size()];
        boolean[] wanted = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            PciId id = ids.get(i);
            if (!scope.isCard(id.vendor(), id.device())) {
                continue;
            }
            wanted[i] = true;
            real[i] = root.realPath(dir(id.bdf()));
            for (Bdf parent : parents(real[i], id.bdf())) {
                int at = indexOf(ids, parent);
                if (at >= 0) {
                    wanted[at] = true;
                }
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            if (wanted[i]) {
                PciId id = ids.get(i);
                String r = real[i] != null ? real[i] : root.realPath(dir(id.bdf()));
                full.add(read(root, id.bdf(), r, id.vendor(), id.device()));
            }
        }
        return new Devices(ids, full);
    }

    private static Bdf bdfOrNull(String name) {
        try {
            return Bdf.parse(name);
        } catch (BdfFormatException e) {
            return null; // not a device entry
        }
    }

    private static int indexOf(List<PciId> ids, Bdf bdf) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).bdf().compareTo(bdf) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The device's directory; the BDF is validated, so the path cannot leave /sys/bus/pci/devices. */
    private static String dir(Bdf bdf) {
        return HostSnapshot.PCI_DEVICES + "/" + bdf;
    }

    /** Reads one device in full. */
    static PciDevice read(SysRoot root, Bdf bdf) throws IOException {
        String dir = dir(bdf);
        if (!root.exists(dir)) {
            throw new HostReadException(dir, "no such PCI device");
        }
        String real = root.realPath(dir);
        int vendor = requiredHex(root, dir, "/vendor");
        int device = requiredHex(root, dir, "/device");
        return read(root, bdf, real, vendor, device);
    }

    /** The rest of a device whose ids are read already. */
    private static PciDevice read(SysRoot root, Bdf bdf, String real, int vendor, int device) throws IOException {
        String dir = dir(bdf);
        int cls = requiredHex(root, dir, "/class");
        int rev = optionalHex(root, dir + "/revision");
        int sv = optionalHex(root, dir + "/subsystem_vendor");
        int sd = optionalHex(root, dir + "/subsystem_device");
        Optional<String> link = root.readLink(dir + "/driver");
        Optional<String> driver = link.isPresent() ? Optional.of(link.get().substring(link.get().lastIndexOf('/') + 1))
                : Optional.empty();
        List<Integer> msi = new ArrayList<>();
        for (String n : root.list(dir + "/msi_irqs")) {
            int irq = Ascii.decimal(n);
            if (irq >= 0) {
                msi.add(irq);
            }
        }
        msi.sort(null);
        OptionalInt legacy = OptionalInt.empty();
        Optional<String> irq = root.readOptional(dir + "/irq");
        int number = irq.isPresent() ? Ascii.decimal(irq.get().trim()) : -1;
        if (number >= 0) {
            legacy = OptionalInt.of(number);
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

    /**
     * A required hex attribute of a device: missing is a {@link HostReadException} naming the
     * path (the device's directory when the device itself is gone), as is a value that is not hex.
     */
    private static int requiredHex(SysRoot root, String dir, String name) throws IOException {
        String path = dir + name;
        Optional<String> s = root.readOptional(path);
        if (s.isEmpty()) {
            if (!root.exists(dir)) {
                throw new HostReadException(dir, "no such PCI device");
            }
            if (!root.exists(path)) {
                throw new HostReadException(path, "missing");
            }
            return hex(path, root.readString(path)); // throws what made readOptional empty
        }
        return hex(path, s.get());
    }

    /** An optional hex attribute: 0 when absent; there but unreadable or not hex is an error. */
    private static int optionalHex(SysRoot root, String path) throws IOException {
        Optional<String> s = root.readOptional(path);
        if (s.isEmpty()) {
            return root.exists(path) ? hex(path, root.readString(path)) : 0;
        }
        return hex(path, s.get());
    }

    /** {@code 0x[0-9a-fA-F]{1,8}}, as sysfs writes ids and class codes. */
    private static int hex(String path, String text) throws HostReadException {
        String s = text.trim();
        if (!(s.startsWith("0x") && Ascii.hexDigits(s, 2, s.length(), 1, 8))) {
            throw new HostReadException(path, "not a hex value: '" + Printable.clip(s) + "'");
        }
        return (int) Long.parseLong(s.substring(2), 16);
    }
}
