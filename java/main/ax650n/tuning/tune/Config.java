package ax650n.tuning.tune;

import ax650n.tuning.pci.Header;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * is a {@link ConfigException} naming the file, line, key and value. {@code irqCpusOrigin} is
 * the {@code file:line} of an {@code irq_cpus} list, for messages about it.
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
                     boolean aspmPerformance, boolean banIrqbalance, Optional<String> irqCpusOrigin) {
    public static final Path DEFAULT_PATH = Path.of("/etc/ax650n-tuning.conf");
    public static final List<String> KEYS = List.of("cards", "irq_cpus", "big_governor", "little_governor",
            "dmc_governor", "irq_cpu_idle", "pcie_aspm", "irqbalance");

    public Config {
        cards = List.copyOf(cards);
    }

    /** A PCI vendor:device pair. */
    public record CardId(int vendor, int device) {
        /** The Axera AX650N, {@code 1f4b:0650}: the card this package is for. */
        public static final CardId AX650N = new CardId(0x1f4b, 0x0650);

        /** The pair {@code s} spells as 4 hex digits, a colon and 4 hex digits, or null when it does not. */
        public static CardId parse(String s) {
            if (!s.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
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
                false, false, true, Optional.empty());
    }

    /**
     * Loads a configuration file. A missing file at the default path means all defaults; a
     * missing file named explicitly is an error.
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
        int from = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        StringBuilder text = new StringBuilder(bytes.length);
        int line = 1;
        int start = from;
        for (int i = from; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] == 0) {
                throw new ConfigException(Printable.escape(fileName) + ":" + line + ": holds a NUL byte: not a text file");
            }
            if (i == bytes.length || bytes[i] == '\n') {
                CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                try {
                    text.append(d.decode(ByteBuffer.wrap(bytes, start, i - start)));
                } catch (CharacterCodingException e) {
                    throw new ConfigException(Printable.escape(fileName) + ":" + line + ": not valid UTF-8");
                }
                if (i < bytes.length) {
                    text.append('\n');
                }
                line++;
                start = i + 1;
            }
        }
        return parse(text.toString(), fileName);
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
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] rows = text.split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String raw = rows[i];
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            int hash = raw.indexOf('#');
            String line = blankTrim(hash >= 0 ? raw.substring(0, hash) : raw);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(Printable.escape(fileName) + ":" + (i + 1) + ": expected 'key = value', got '"
                        + Printable.clip(line) + "'");
            }
            String key = blankTrim(line.substring(0, eq));
            String value = blankTrim(line.substring(eq + 1));
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
            for (String tok : v.split("[, \t]+")) {
                if (tok.isEmpty()) {
                    continue;
                }
                CardId id = CardId.parse(tok);
                if (id == null) {
                    throw ConfigException.at(fileName, lines.get("cards"), "cards", v,
                            "'" + Printable.clip(tok) + "' is not a vendor:device pair of 4 hex digits each");
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
                if (!v.matches("[0-9,-]*")) {
                    throw ConfigException.at(fileName, lines.get("irq_cpus"), "irq_cpus", v,
                            "'auto' or a CPU list such as 4-7 (digits, '-' and ',' only)");
                }
                CpuSet s = CpuSet.parseList(v);
                if (s.isEmpty()) {
                    throw ConfigException.at(fileName, lines.get("irq_cpus"), "irq_cpus", v, "'auto' or a CPU list");
                }
                irqCpus = Optional.of(s);
            } catch (CpuSetFormatException e) {
                throw ConfigException.at(fileName, lines.get("irq_cpus"), "irq_cpus", v,
                        "'auto' or a CPU list such as 4-7: token '" + Printable.clip(e.token()) + "': " + e.reason());
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
        return new Config(cards, irqCpus, big, little, dmc, idle, aspm, ban,
                irqCpus.map(x -> Printable.escape(fileName) + ":" + lines.get("irq_cpus")));
    }

    /** Strips leading and trailing spaces and tabs (only those: the shell filter splits on them too). */
    private static String blankTrim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
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
