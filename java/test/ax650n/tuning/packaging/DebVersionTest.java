package ax650n.tuning.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dpkg version order of {@link DebVersion}, on cases whose answer dpkg --compare-versions gives. */
class DebVersionTest {
    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.0, 1.1",
        "1.4, 1.5.0",
        "1.4-2, 1.5.0-1",
        "1.5.0-1, 1.6.0-1",
        "1.9, 1.10",
        "1.0~rc1, 1.0",
        "1.0~~, 1.0~",
        "1.0, 1.0+b1",
        "1.0, 1.0a",
        "1.0a, 1.0+",
        "1.0-1, 1.0-1.1",
        "1.0-1, 1.0-2",
        "1.0-9, 1.0-10",
        "2.35-0ubuntu3, 2.35-0ubuntu3.1",
        "2.31-13+deb11u11, 2.36-9+deb12u10",
        "2.7, 2.17",
        "2.17, 2.31-13",
        "2:1.11-72build2, 2:1.17",
        "2:1.17, 2:1.17-74",
        "1:99, 2:1.0",
        "17, 21",
        "17.0.2+8-1, 17.0.11+9-1",
        "17.0.20+8-1~22.04, 17.0.20+8-1",
        "21.0.6+7-1~22.04.1, 21.0.6+7-1",
        "9.7-3, 9.10-1",
    })
    void ordered(String lower, String higher) {
        DebVersion a = DebVersion.parse(lower);
        DebVersion b = DebVersion.parse(higher);
        assertTrue(a.compareTo(b) < 0, lower + " < " + higher);
        assertTrue(b.compareTo(a) > 0, higher + " > " + lower);
        assertTrue(a.satisfies("<<", b));
        assertTrue(b.satisfies(">>", a));
        assertTrue(b.satisfies(">=", a));
        assertFalse(a.satisfies(">=", b));
        assertFalse(a.satisfies("=", b));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1.0, 1.0",
        "1.0, 1.00",
        "0:1.0, 1.0",
        "1.0, 1.0-0",
        "2:1.17-74, 2:1.17-74",
        "01, 1",
    })
    void equalVersions(String a, String b) {
        DebVersion x = DebVersion.parse(a);
        DebVersion y = DebVersion.parse(b);
        assertEquals(0, x.compareTo(y));
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertTrue(x.satisfies("=", y) && x.satisfies(">=", y) && x.satisfies("<=", y));
        assertFalse(x.satisfies("<<", y) || x.satisfies(">>", y));
    }

    @Test
    void epochBeatsEverythingElse() {
        assertTrue(DebVersion.parse("1:0.1").compareTo(DebVersion.parse("9999")) > 0);
        // The usual trap: without the epoch, 1.17 is below 1.8.
        assertTrue(DebVersion.parse("2:1.8").compareTo(DebVersion.parse("2:1.17")) < 0);
    }

    @Test
    void malformedVersionsAreRefusedWithTheVersionNamed() {
        for (String bad : new String[] {"", "a1.0", "x:1.0", ":1.0", "1.0-", "1.0 2", "1.0_1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DebVersion.parse(bad), bad);
            assertTrue(bad.isEmpty() || e.getMessage().contains(bad.strip()), e.getMessage());
        }
    }

    @Test
    void unknownRelationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DebVersion.parse("1").satisfies(">", DebVersion.parse("1")));
    }
}
