package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.pci.ConfigSpace;
import ax650n.tuning.pci.ConfigSpaceException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Config-space bytes as sysfs {@code config} gives them (any length: 64, 256, 4096, or cut
 * short): decodes, or fails with ConfigSpaceException; capability walks end (no hang on a loop).
 */
class ConfigSpaceBytesFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void decode(byte[] data) {
        try {
            ConfigSpace cs = ConfigSpace.decode(data);
            assertTrue(cs.length() <= data.length);
            cs.link();
            cs.complete();
            for (int id = 0; id < 0x20; id++) {
                cs.capability(id);
            }
            cs.extendedCapabilities().entries();
        } catch (ConfigSpaceException e) {
            FuzzContract.oneLine(e);
        }
    }
}
