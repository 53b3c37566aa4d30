package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BdfTest {
    @Test
    void parsesSysfsNames() throws Exception {
        Bdf b = Bdf.parse("0003:31:00.0");
        assertEquals(3, b.domain());
        assertEquals(0x31, b.bus());
        assertEquals("0003:31:00.0", b.toString());
        assertEquals("0000:00:1f.3", Bdf.parse("0000:00:1F.3").toString());
        assertEquals(0x1f << 3 | 3, Bdf.parse("0000:00:1f.3").devfn());
        assertEquals("0000:02:00.1", Bdf.parseLenient("02:00.1").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0003:31:00", "0003:31:00.8", "0003:31:20.0", "../../etc", "0003:31:00.0/..",
            "0003:31:00.0\n", "03:31:00.0", "00003:31:00.0", "0003:31:00.0 ", "0003:3g:00.0", "..%2f"})
    void rejectsWhatIsNotAnAddress(String bad) {
        BdfFormatException e = assertThrows(BdfFormatException.class, () -> Bdf.parse(bad));
        assertEquals("not a PCI address (expected dddd:bb:dd.f, hex): '" + bad + "'", e.getMessage());
    }
}
