package ax650n.tuning.tune;

import ax650n.tuning.pci.Header;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.RegularFile;
import java.io.IOException;
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
 * is a {@link ConfigException} naming the file, line, key and value. The file is read first, then
 * the drop-ins {@code /etc/ax650n-tuning.conf.d/*.conf} ({@link ConfigFiles}); a key in a later
 * file overrides the earlier one. {@code origins} maps each key that a file sets to the
 * {@code file:line} that set it (escaped for printing), so messages and reports can say where a
 * value came from; it is provenance, not configuration, and takes no part in {@link #equals}.
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
                     boolean aspmPerformance, boolean banIrqbalance, Map<String, String> origins) {
    public static final Path DEFAULT_PATH = Path.of(ConfigFiles.MAIN);
    public static final List<String> KEYS = List.of("cards", "irq_cpus", "big_governor", "little_governor",
            "dmc_governor", "irq_cpu_idle", "pcie_aspm", "irqbalance");

    public Config {
        cards = List.copyOf(cards);
        origins = Map.copyOf(origins);
    }

    /** The {@code file:line} of an {@code irq_cpus} CPU list, for messages about it. */
    public Optional<String> irqCpusOrigin() {
        return irqCpus.isPresent() ? Optional.ofNullable(origins.get("irq_cpus")) : Optional.empty();
    }

    /** Where {@code key} was set ({@code file:line}), or empty when it has its default. */
    public Optional<String> origin(String key) {
        return Optional.ofNullable(origins.get(key));
    }

    /** Equal when they tune the same; where the values were written ({@link #origins}) does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && cards.equals(c.cards) && irqCpus.equals(c.irqCpus)
                && bigPerformance == c.bigPerformance && littleGovernor.equals(c.littleGovernor)
                && dmcPerformance == c.dmcPerformance && shallowIdle == c.shallowIdle
                && aspmPerformance == c.aspmPerformance && banIrqbalance == c.banIrqbalance;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(cards, irqCpus, bigPerformance, littleGovernor, dmcPerformance, shallowIdle,
                aspmPerformance, banIrqbalance);
    }

    /** A PCI vendor:device pair. */
    public record CardId(int vendor, int device) {
        /** The Axera AX650N, {@code 1f4b:0650}: the card this package is for. */
        public static final CardId AX650N = new CardId(0x1f4b, 0x0650);

        /** The pair {@code s} spells as 4 hex digits, a colon and 4 hex digits, or null when it does not. */
        public static CardId parse(String s) {
            if (s.length() != 9 || s.charAt(4) != ':' || !Ascii.hexDigits(s, 0, 4, 4, 4) || !Ascii.hexDigits(s, 5, 9, 4, 4)) {
                return null;
            }
            return new CardId(Integer.parseInt(s.substring(0, 4), 16), Integer.parseInt(s.substring(5), 16));
        }

        public boolean matches(PciDevice d) {
            return d.matches(vendor, device);
        }

        @Override
        public String toString() {
            return Header.id(vendor, device);
        }
    }

    public static Config defaults() {
        return new Config(List.of(CardId.AX650N), Optional.empty(), true, Optional.empty(), false,
                false, false, true, Map.of());
    }

    /**
     * The configuration a command uses by default: {@code /etc/ax650n-tuning.conf} and then the
     * drop-ins {@code /etc/ax650n-tuning.conf.d/*.conf} of {@code root}, merged (see
     * {@link ConfigFiles#loadDefault}).
     */
    public static Config loadDefault(ax650n.tuning.sys.SysRoot root) throws ConfigException {
        return ConfigFiles.loadDefault(root);
    }

    /**
     * Loads one configuration file and nothing else (no drop-ins: {@code --config FILE}). A
     * missing file at the default path means all defaults; a missing file named explicitly is an
     * error.
     */
    public static Config load(Path file, boolean explicit) throws ConfigException {
        byte[] bytes;
        try {
            bytes = read(file);
        } catch (RegularFile.Refused e) {
            throw new ConfigException(Printable.escape(e.getMessage()));
        } catch (NoSuchFileException e) {
            if (!explicit) {
                return defaults();
            }
            throw new ConfigException(Printable.escape(file.toString()) + ": no such configuration file");
        } catch (IOException e) {
            String m = Printable.message(e);
            String name = Printable.escape(file.toString());
            throw new ConfigException(m.startsWith(name) ? m : name + ": cannot read: " + m);
        }
        return parse(bytes, file.toString());
    }

    /** The one read of a configuration file. */
    private static byte[] read(Path file) throws IOException {
        return RegularFile.read(file, RegularFile.CONFIG_LIMIT, "a configuration file");
    }

    /**
     * Parses the bytes of a configuration file: UTF-8 (a leading byte-order mark is skipped; a NUL
     * byte or invalid UTF-8 is an error naming the line), LF or CRLF line ends. See
     * {@link #parse(String, String)} for the grammar.
     */
    public static Config parse(byte[] bytes, String fileName) throws ConfigException {
        return build(ConfigLines.read(bytes, fileName));
    }

    /**
     * The grammar, shared with the udev filter {@code debian/libexec/is-configured-card} (which
     * implements it in shell; {@code java/testdata/config-grammar/cases} runs the same cases
     * through both):
     * <ul>
     * <li>lines end in LF; one CR before the LF (a CRLF file) is dropped;</li>
     * <li>{@code #} starts a comment that runs to the end of the line;</li>
     * <li>blanks are spaces and tabs only; a line of blanks is ignored;</li>
     * <li>every other line is {@code key = value}: the key is what precedes the first {@code =},
     *     the value what follows it, both without surrounding blanks;</li>
     * <li>the key is one of {@link #KEYS}, each at most once per file;</li>
     * <li>{@code cards}: one or more {@code vvvv:dddd} (hex, either case) separated by commas
     *     and/or blanks; {@code irq_cpus}: {@code auto} or a CPU list of numbers and ranges
     *     separated by commas; the others one of their words (a governor name is
     *     {@code [a-z][a-z0-9_]{0,31}}).</li>
     * </ul>
     * Anything else is a {@link ConfigException} naming the file, line, key and value (cut to
     * {@value Printable#ECHO_LIMIT} characters, control characters escaped).
     */
    public static Config parse(String text, String fileName) throws ConfigException {
        return build(ConfigLines.read(text, fileName));
    }

    /**
     * Checks every value and builds the configuration; keys that are not set keep their default.
     * An error names the file and line of the setting at fault.
     */
    static Config build(Map<String, ConfigLines.Setting> values) throws ConfigException {
        Config d = defaults();
        List<CardId> cards = d.cards();
        ConfigLines.Setting c = values.get("cards");
        if (c != null) {
            String v = c.value();
            List<CardId> list = new ArrayList<>();
            Set<CardId> seen = new HashSet<>();
            for (String tok : Ascii.split(v, ", \t", 0)) {
                if (tok.isEmpty()) {
                    continue;
                }
                CardId id = CardId.parse(tok);
                if (id == null) {
                    throw ConfigException.at(c.file(), c.line(), "cards", v,
                            "'" + Printable.clip(tok) + "' is not a vendor:device pair of 4 hex digits each");
                }
                if (seen.add(id)) {
                    list.add(id);
                }
            }
            if (list.isEmpty()) {
                throw ConfigException.at(c.file(), c.line(), "cards", v, "names no card");
            }
            cards = list;
        }
        Optional<CpuSet> irqCpus = Optional.empty();
        ConfigLines.Setting irq = values.get("irq_cpus");
        if (irq != null && !irq.value().equals("auto")) {
            String v = irq.value();
            try {
                if (!Ascii.onlyOf(v, "0123456789,-")) {
                    throw ConfigException.at(irq.file(), irq.line(), "irq_cpus", v,
                            "'auto' or a CPU list such as 4-7 (digits, '-' and ',' only)");
                }
                CpuSet s = CpuSet.parseList(v);
                if (s.isEmpty()) {
                    throw ConfigException.at(irq.file(), irq.line(), "irq_cpus", v, "'auto' or a CPU list");
                }
                irqCpus = Optional.of(s);
            } catch (CpuSetFormatException e) {
                throw ConfigException.at(irq.file(), irq.line(), "irq_cpus", v,
                        "'auto' or a CPU list such as 4-7: token '" + Printable.clip(e.token()) + "': " + e.reason());
            }
        }
        boolean big = choice(values, "big_governor", "performance", "none", d.bigPerformance());
        Optional<String> little = Optional.empty();
        ConfigLines.Setting lg = values.get("little_governor");
        if (lg != null && !lg.value().equals("none")) {
            if (!Ascii.isLowerName(lg.value(), 32)) {
                throw ConfigException.at(lg.file(), lg.line(), "little_governor", lg.value(),
                        "'none' or a cpufreq governor name such as schedutil");
            }
            little = Optional.of(lg.value());
        }
        boolean dmc = choice(values, "dmc_governor", "performance", "none", d.dmcPerformance());
        boolean idle = choice(values, "irq_cpu_idle", "shallow", "default", d.shallowIdle());
        boolean aspm = choice(values, "pcie_aspm", "performance", "default", d.aspmPerformance());
        boolean ban = choice(values, "irqbalance", "ban", "ignore", d.banIrqbalance());
        Map<String, String> origins = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigLines.Setting> e : values.entrySet()) {
            origins.put(e.getKey(), e.getValue().origin());
        }
        return new Config(cards, irqCpus, big, little, dmc, idle, aspm, ban, origins);
    }

    private static boolean choice(Map<String, ConfigLines.Setting> values, String key, String yes, String no, boolean dflt)
            throws ConfigException {
        ConfigLines.Setting s = values.get(key);
        if (s == null) {
            return dflt;
        }
        if (s.value().equals(yes)) {
            return true;
        }
        if (s.value().equals(no)) {
            return false;
        }
        throw ConfigException.at(s.file(), s.line(), key, s.value(), "expected '" + yes + "' or '" + no + "'");
    }

    public boolean isCard(int vendor, int device) {
        // compared by hand: CardId.equals is a record's generated one, whose invokedynamic
        // (ObjectMethods) bootstrap cost 'status' 14 ms at its first call
        for (CardId c : cards) {
            if (c.vendor() == vendor && c.device() == device) {
                return true;
            }
        }
        return false;
    }
}
