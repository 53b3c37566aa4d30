package ax650n.tuning.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ax650n.tuning.sys.Bdf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** sysfs aer_dev_* text -> counters: totals, the sum where a TOTAL line is missing, unreadable lines noted. */
class AerCountersTest {
    private static PciDevice device(Map<String, String> attrs) throws Exception {
        return new PciDevice(Bdf.parse("0003:31:00.0"), "/sys/devices/x", 0x1f4b, 0x0650, 0x040000, 1, 0, 0,
                Optional.empty(), List.of(), OptionalInt.empty(), List.of(), new byte[0], attrs);
    }

    @Test
    void totalsCountersAndNotes() throws Exception {
        AerCounters a = AerCounters.of(device(Map.of(
                "aer_dev_correctable", "RxErr 2\nBadTLP 1\nBadDLLP 0\nTOTAL_ERR_COR 3\n",
                "aer_dev_nonfatal", "Undefined 0\nCmpltTO 2\nthis is not a counter\n",
                "aer_dev_fatal", "DLP -1\nTOTAL_ERR_FATAL 0\n"))).orElseThrow();
        assertEquals(OptionalLong.of(3), a.correctable());
        assertEquals(OptionalLong.of(2), a.nonFatal(), "no TOTAL line: the sum");
        assertEquals(OptionalLong.of(0), a.fatal());
        assertEquals(Map.of("RxErr", 2L, "BadTLP", 1L, "CmpltTO", 2L), a.counters());
        assertEquals(List.of("aer_dev_nonfatal: unreadable line 'this is not a counter' ignored",
                "aer_dev_fatal: unreadable line 'DLP -1' ignored"), a.notes());
    }

    @Test
    void absentFilesAreEmptyTotalsAndNoFileNoCounters() throws Exception {
        AerCounters a = AerCounters.of(device(Map.of("aer_dev_fatal", "TOTAL_ERR_FATAL 1\n"))).orElseThrow();
        assertEquals(OptionalLong.empty(), a.correctable());
        assertEquals(OptionalLong.of(1), a.fatal());
        assertEquals(Optional.empty(), AerCounters.of(device(Map.of("current_link_speed", "5.0 GT/s PCIe\n"))));
    }
}
