package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** irqbalance's effective command line: environment files, systemd's $VAR expansion, bans. */
class IrqbalanceUnitTest {
    @Test
    void bansAllNeedsEveryModuleOrEveryIrq() {
        Set<String> mods = Set.of("ax_pcie_dev_host");
        assertTrue(new IrqbalanceArgs("/usr/sbin/irqbalance --foreground --banmod=ax_pcie_dev_host").bansAll(mods, List.of(170)));
        assertTrue(new IrqbalanceArgs("/usr/sbin/irqbalance -m ax_pcie_dev_host").bansAll(mods, List.of(170)));
        assertTrue(new IrqbalanceArgs("/usr/sbin/irqbalance --banirq=170").bansAll(mods, List.of(170)));
        assertTrue(new IrqbalanceArgs("/usr/sbin/irqbalance -i 170 -i 171").bansAll(mods, List.of(170, 171)));
        assertFalse(new IrqbalanceArgs("/usr/sbin/irqbalance -i 170").bansAll(mods, List.of(170, 171)));
        assertFalse(new IrqbalanceArgs("/usr/sbin/irqbalance --banmod=nvme").bansAll(mods, List.of(170)));
        assertFalse(new IrqbalanceArgs("/usr/sbin/irqbalance --banmod=ax_pcie_dev_host_old").bansAll(mods, List.of()));
        assertFalse(new IrqbalanceArgs("/usr/sbin/irqbalance").bansAll(mods, List.of()));
    }

    @Test
    void environmentFilesAndExpansion() {
        java.util.Map<String, String> env = IrqbalanceUnit.environmentFile(
                "# comment\n; also\nIRQBALANCE_ARGS=\"--banmod=ax_pcie_dev_host -i 9\"\nexport OTHER='x y'\nnot a line\n=bad\n");
        assertEquals(java.util.Map.of("IRQBALANCE_ARGS", "--banmod=ax_pcie_dev_host -i 9", "OTHER", "x y"), env);
        assertEquals("/usr/sbin/irqbalance --banmod=ax_pcie_dev_host -i 9 x y",
                IrqbalanceUnit.expand("/usr/sbin/irqbalance $IRQBALANCE_ARGS ${OTHER} $UNSET", env));
    }
}
