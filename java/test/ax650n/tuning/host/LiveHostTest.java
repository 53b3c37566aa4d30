package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The model read from this real machine agrees with what sysfs says directly. */
class LiveHostTest {
    @Test
    void readsThisMachine() throws Exception {
        HostSnapshot s = HostSnapshot.read(SysRoot.live(), HostScope.EVERYTHING);
        String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        assertEquals(online, s.cpus().online().toList());
        assertEquals(s.cpus().online().size(), s.cpus().cpus().size());
        assertFalse(s.pciDevices().isEmpty());
        for (PciDevice d : s.pciDevices()) {
            Path dir = Path.of("/sys/bus/pci/devices/" + d.bdf());
            assertEquals(Files.readString(dir.resolve("vendor")).trim(), String.format("0x%04x", d.vendor()));
            assertEquals(Files.exists(dir.resolve("driver")), d.driver().isPresent());
            for (int irq : d.msiIrqs()) {
                assertTrue(s.interrupts().row(irq).isPresent(), "IRQ " + irq + " of " + d.bdf() + " in /proc/interrupts");
                assertTrue(s.affinity(irq).isPresent());
            }
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), s.kernelRelease());
        }
    }
}
