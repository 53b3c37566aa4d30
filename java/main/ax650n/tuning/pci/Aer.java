package ax650n.tuning.pci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advanced Error Reporting extended capability: status, mask and severity registers.
 * Bit names are the abbreviations lspci (and the PCIe spec tables) use.
 */
public record Aer(int offset, int uncorrectableStatus, int uncorrectableMask,
        int uncorrectableSeverity, int correctableStatus, int correctableMask, int capabilitiesControl) {

    /** Uncorrectable error bits by lspci name, in register order. */
    public static final Map<String, Integer> UNCORRECTABLE_BITS = bits(
            "DLP", 4, "SDES", 5, "TLP", 12, "FCP", 13, "CmpltTO", 14, "CmpltAbrt", 15,
            "UnxCmplt", 16, "RxOF", 17, "MalfTLP", 18, "ECRC", 19, "UnsupReq", 20, "ACSViol", 21);

    /** Correctable error bits by lspci name, in register order. */
    public static final Map<String, Integer> CORRECTABLE_BITS = bits(
            "RxErr", 0, "BadTLP", 6, "BadDLLP", 7, "Rollover", 8, "Timeout", 12, "AdvNonFatalErr", 13);

    private static Map<String, Integer> bits(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Names of the uncorrectable errors whose status bit is set. */
    public List<String> uncorrectableErrors() {
        return set(UNCORRECTABLE_BITS, uncorrectableStatus);
    }

    /** Names of the correctable errors whose status bit is set. */
    public List<String> correctableErrors() {
        return set(CORRECTABLE_BITS, correctableStatus);
    }

    static List<String> set(Map<String, Integer> names, int value) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if ((value & (1 << e.getValue())) != 0) {
                out.add(e.getKey());
            }
        }
        return List.copyOf(out);
    }
}
