package ax650n.tuning.tune;

import ax650n.tuning.sys.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The line layer of the configuration grammar ({@link Config#parse(String, String)} describes all
 * of it): bytes to UTF-8 lines, comments and blanks, {@code key = value}, each known key at most
 * once per file. What it gives is the keys one file sets, with the file and line of each;
 * {@link Config} checks the values, {@link ConfigFiles} merges the files.
 */
final class ConfigLines {
    private ConfigLines() {
    }

    /** One key as a file sets it: the value as written, and the file and line that hold it. */
    record Setting(String value, String file, int line) {
        String origin() {
            return Printable.escape(file) + ":" + line;
        }
    }

    /** The keys that the bytes of one file set, in file order, after the checks of {@link Config#parse(byte[], String)}. */
    static Map<String, Setting> read(byte[] bytes, String fileName) throws ConfigException {
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
        return read(text.toString(), fileName);
    }

    /** The keys that one file's text sets, in file order: the line grammar and "each key once". */
    static Map<String, Setting> read(String text, String fileName) throws ConfigException {
        Map<String, Setting> values = new LinkedHashMap<>();
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
            if (!Config.KEYS.contains(key)) {
                throw ConfigException.at(fileName, i + 1, key, value, "unknown key (known: " + String.join(", ", Config.KEYS) + ")");
            }
            if (values.containsKey(key)) {
                throw ConfigException.at(fileName, i + 1, key, value, "repeats the key set on line " + values.get(key).line());
            }
            values.put(key, new Setting(value, fileName, i + 1));
        }
        return values;
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

}
