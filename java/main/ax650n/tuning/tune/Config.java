package ax650n.tuning.tune;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import ax650n.tuning.sys.RegularFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /etc/ax650n-tuning.conf}: {@code key = value} lines, {@code #} comments, blank lines.
 * Every key has a default (below) and is validated; an unknown key, a repeated key or a bad value
 * is a {@link ConfigException} naming the file, line, key and value.
 *
 * <pre>
 * cards           = 1f4b:0650          vendor:device list (comma or space separated)
 * irq_cpus        = auto               'auto' or a CPU list such as 4 or 4-7
 * big_governor    = performance        'performance' or 'none'
 * little_governor = none               'none' or a cpufreq governor name
 * dmc_governor    = none               'none' or 'performance' (RK3588 memory controller devfreq)
 * irq_cpu_idle    = default            'default' or 'shallow' (keep the IRQ CPU out of deep idle)
 * pcie_aspm       = default            'default' or 'performance' (the pcie_aspm policy)
 * irqbalance      = ban                'ban' or 'ignore'
 * </pre>
 */
public record Config(List<CardId> cards, Optional<CpuSet> irqCpus, boolean bigPerformance,
                     Optional<String> littleGovernor, boolean dmcPerformance, boolean shallowIdle,
                     boolean aspmPerformance, boolean banIrqbalance) {
    public static final Path DEFAULT_PATH = Path.of("/etc/ax650n-tuning.conf");
    public static final List<String> KEYS = List.of("cards", "irq_cpus", "big_governor", "little_governor",
            "dmc_governor", "irq_cpu_idle", "pcie_aspm", "irqbalance");

    public Config {
        cards = List.copyOf(cards);
    }

    /** A PCI vendor:device pair. */
    public record CardId(int vendor, int device) {
        static CardId parse(String s) {
            if (!s.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
                return null;
            }
            return new CardId(Integer.parseInt(s.substring(0, 4), 16), Integer.parseInt(s.substring(5), 16));
        }

        @Override
        public String toString() {
            return String.format("%04x:%04x", vendor, device);
        }
    }

    public static Config defaults() {
        return new Config(List.of(new CardId(0x1f4b, 0x0650)), Optional.empty(), true, Optional.empty(), false,
                false, false, true);
    }

    /**
     * Loads a configuration file. A missing file at the default path means all defaults; a
     * missing file named explicitly is an error.
     */
    public static Config load(Path file, boolean explicit) throws ConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                    RegularFile.read(file, RegularFile.CONFIG_LIMIT, "a configuration file"))).toString();
        } catch (RegularFile.Refused e) {
            throw new ConfigException(e.getMessage());
        } catch (NoSuchFileException e) {
            if (!explicit) {
                return defaults();
            }
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    public static Config parse(String text, String fileName) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] rows = text.split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String raw = rows[i];
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(fileName + ":" + (i + 1) + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw ConfigException.at(fileName, i + 1, key, value, "unknown key (known: " + String.join(", ", KEYS) + ")");
            }
            if (values.containsKey(key)) {
                throw ConfigException.at(fileName, i + 1, key, value, "repeats the key set on line " + lines.get(key));
            }
            values.put(key, value);
            lines.put(key, i + 1);
        }
        Config d = defaults();
        List<CardId> cards = d.cards();
        if (values.containsKey("cards")) {
            String v = values.get("cards");
            List<CardId> list = new ArrayList<>();
            Set<CardId> seen = new HashSet<>();
            for (String tok : v.split("[,\\s]+")) {
                if (tok.isEmpty()) {
                    continue;
                }
                CardId id = CardId.parse(tok);
                if (id == null) {
                    throw ConfigException.at(fileName, lines.get("cards"), "cards", v,
                            "'" + tok + "' is not a vendor:device pair of 4 hex digits each");
                }
                if (seen.add(id)) {
                    list.add(id);
                }
            }
            if (list.isEmpty()) {
                throw ConfigException.at(fileName, lines.get("cards"), "cards", v, "names no card");
            }
            cards = list;
        }
        Optional<CpuSet> irqCpus = Optional.empty();
        if (values.containsKey("irq_cpus") && !values.get("irq_cpus").equals("auto")) {
            String v = values.get("irq_cpus");
            try {
                CpuSet s = CpuSet.parseList(v);
                if (s.isEmpty()) {
                    throw ConfigException.at(fileName, lines.get("irq_cpus"), "irq_cpus", v, "'auto' or a CPU list");
                }
                irqCpus = Optional.of(s);
            } catch (CpuSetFormatException e) {
                throw ConfigException.at(fileName, lines.get("irq_cpus"), "irq_cpus", v,
                        "'auto' or a CPU list such as 4-7: " + e.getMessage());
            }
        }
        boolean big = choice(values, lines, fileName, "big_governor", "performance", "none", d.bigPerformance());
        Optional<String> little = Optional.empty();
        if (values.containsKey("little_governor") && !values.get("little_governor").equals("none")) {
            String v = values.get("little_governor");
            if (!v.matches("[a-z][a-z0-9_]{0,31}")) {
                throw ConfigException.at(fileName, lines.get("little_governor"), "little_governor", v,
                        "'none' or a cpufreq governor name such as schedutil");
            }
            little = Optional.of(v);
        }
        boolean dmc = choice(values, lines, fileName, "dmc_governor", "performance", "none", d.dmcPerformance());
        boolean idle = choice(values, lines, fileName, "irq_cpu_idle", "shallow", "default", d.shallowIdle());
        boolean aspm = choice(values, lines, fileName, "pcie_aspm", "performance", "default", d.aspmPerformance());
        boolean ban = choice(values, lines, fileName, "irqbalance", "ban", "ignore", d.banIrqbalance());
        return new Config(cards, irqCpus, big, little, dmc, idle, aspm, ban);
    }

    private static boolean choice(Map<String, String> values, Map<String, Integer> lines, String file, String key,
                                  String yes, String no, boolean dflt) throws ConfigException {
        if (!values.containsKey(key)) {
            return dflt;
        }
        String v = values.get(key);
        if (v.equals(yes)) {
            return true;
        }
        if (v.equals(no)) {
            return false;
        }
        throw ConfigException.at(file, lines.get(key), key, v, "expected '" + yes + "' or '" + no + "'");
    }

    public boolean isCard(int vendor, int device) {
        return cards.contains(new CardId(vendor, device));
    }
}
