package ax650n.tuning.pci;

import ax650n.tuning.sys.Ascii;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The AER error counters the kernel keeps for a device in sysfs ({@code aer_dev_correctable},
 * {@code aer_dev_nonfatal}, {@code aer_dev_fatal}: one {@code NAME COUNT} line per error type and a
 * {@code TOTAL_ERR_*} line).
 *
 * @param correctable total correctable errors since boot; empty when the file is absent
 * @param nonFatal    total non-fatal uncorrectable errors
 * @param fatal       total fatal uncorrectable errors
 * @param counters    the non-zero per-type counters of all three files, by name
 * @param notes       lines that were not {@code NAME COUNT} and were ignored, one sentence each
 */
public record AerCounters(OptionalLong correctable, OptionalLong nonFatal, OptionalLong fatal,
                          Map<String, Long> counters, List<String> notes) {
    /** The sysfs attributes, in the order of the three totals. */
    public static final List<String> ATTRIBUTES = List.of("aer_dev_correctable", "aer_dev_nonfatal", "aer_dev_fatal");
    private static final String[] TOTAL_KEYS = {"TOTAL_ERR_COR", "TOTAL_ERR_NONFATAL", "TOTAL_ERR_FATAL"};

    public AerCounters {
        counters = Map.copyOf(counters);
        notes = List.copyOf(notes);
    }

    /** The counters of a device as sysfs showed them; empty when the kernel has none for it. */
    public static Optional<AerCounters> of(PciDevice d) {
        Map<String, Long> counters = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        OptionalLong[] totals = {OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()};
        boolean any = false;
        for (int k = 0; k < TOTAL_KEYS.length; k++) {
            Optional<String> text = d.attribute(ATTRIBUTES.get(k));
            if (text.isEmpty()) {
                continue;
            }
            any = true;
            totals[k] = OptionalLong.of(parse(ATTRIBUTES.get(k), TOTAL_KEYS[k], text.get(), counters, notes));
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new AerCounters(totals[0], totals[1], totals[2], counters, notes));
    }

    /** One file: adds its non-zero counters, returns its total (the TOTAL_ERR line, else the sum). */
    private static long parse(String attr, String totalKey, String text, Map<String, Long> counters, List<String> notes) {
        long sum = 0;
        OptionalLong total = OptionalLong.empty();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = Ascii.splitSpace(l);
            if (f.length != 2 || !Ascii.digits(f[1], 0, 1, 18)) {
                notes.add(attr + ": unreadable line '" + l + "' ignored");
                continue;
            }
            long v = Long.parseLong(f[1]);
            if (f[0].equals(totalKey)) {
                total = OptionalLong.of(v);
            } else {
                sum += v;
                if (v > 0) {
                    counters.put(f[0], v);
                }
            }
        }
        return total.orElse(sum);
    }
}
