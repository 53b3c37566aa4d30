package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuSetTest {
    @Test
    void parsesAndFormatsLists() throws Exception {
        CpuSet s = CpuSet.parseList("0-3,6\n");
        assertArrayEquals(new int[] {0, 1, 2, 3, 6}, s.toArray());
        assertEquals("0-3,6", s.toList());
        assertEquals("4", CpuSet.parseList("4").toList());
        assertEquals("4-7", CpuSet.parseList("4,5,6,7").toList());
        assertTrue(CpuSet.parseList("").isEmpty());
        assertEquals("0-1,3,5-7", CpuSet.parseList("7,6,5,3,1,0").toList());
    }

    @Test
    void parsesAndFormatsMasks() throws Exception {
        assertEquals("0-7", CpuSet.parseMask("ff").toList());
        assertEquals("0-39", CpuSet.parseMask("ff,ffffffff").toList());
        assertEquals("4", CpuSet.parseMask("10").toList());
        assertEquals("32", CpuSet.parseMask("1,00000000").toList());
        assertEquals("10", CpuSet.of(4).toMask(8));
        assertEquals("01", CpuSet.of(0).toMask(8));
        assertEquals("3", CpuSet.of(0, 1).toMask(2));
        assertEquals("ff,ffffffff", CpuSet.range(0, 39).toMask(40));
        assertEquals("00000001,00000000", CpuSet.of(32).toMask(64));
        // round trip
        CpuSet big = CpuSet.parseList("0,31-33,63,64,100");
        assertEquals(big, CpuSet.parseMask(big.toMask(128)));
    }

    @Test
    void parsesCpufreqSpacedLists() throws Exception {
        assertEquals("0-3", CpuSet.parseSpaced("0 1 2 3\n").toList());
        assertEquals("4-5", CpuSet.parseSpaced("4 5").toList());
        CpuSetFormatException e = assertThrows(CpuSetFormatException.class, () -> CpuSet.parseSpaced("4 x"));
        assertEquals("x", e.token());
        assertThrows(CpuSetFormatException.class, () -> CpuSet.parseSpaced("4-5"));
    }

    @Test
    void wordsFollowCpuSetTLayout() {
        CpuSet s = CpuSet.of(0, 4, 64);
        long[] w = s.toWords();
        assertEquals(2, w.length);
        assertEquals(0x11L, w[0]);
        assertEquals(1L, w[1]);
        assertEquals(s, CpuSet.fromWords(w));
        assertEquals(1, CpuSet.empty().toWords().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-", "-3", "a", "1,,2", "3-1", "0x4", "1 2", "99999999", "4-5:1/2", ",", "1-2-3"})
    void rejectsBadListsNamingTheToken(String bad) {
        CpuSetFormatException e = assertThrows(CpuSetFormatException.class, () -> CpuSet.parseList(bad));
        assertTrue(e.getMessage().contains("token '"), e.getMessage());
    }

    @Test
    void errorNamesTheOffendingToken() {
        CpuSetFormatException e = assertThrows(CpuSetFormatException.class, () -> CpuSet.parseList("0-3,x6,7"));
        assertEquals("x6", e.token());
        e = assertThrows(CpuSetFormatException.class, () -> CpuSet.parseMask("ff,1234567890"));
        assertEquals("1234567890", e.token());
        e = assertThrows(CpuSetFormatException.class, () -> CpuSet.parseMask("fg"));
        assertEquals("fg", e.token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",ff", "ff,", "g", "123456789"})
    void rejectsBadMasks(String bad) {
        assertThrows(CpuSetFormatException.class, () -> CpuSet.parseMask(bad));
    }

    @Test
    void setAlgebra() throws Exception {
        CpuSet a = CpuSet.parseList("0-7");
        CpuSet b = CpuSet.parseList("4-5");
        assertEquals("0-3,6-7", a.minus(b).toList());
        assertEquals("4-5", a.intersect(b).toList());
        assertTrue(a.containsAll(b));
        assertEquals(4, a.minus(b).first() + 4);
        assertEquals(7, a.last());
    }
}
