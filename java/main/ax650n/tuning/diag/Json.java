package ax650n.tuning.diag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small JSON writer: builds a tree of {@link LinkedHashMap} (objects, in insertion order),
 * {@link List} (arrays), String, Number, Boolean and null, and prints it with two-space
 * indentation. Optionals are unwrapped (empty = null), so model records map directly.
 *
 * <p>Output is deterministic: keys keep insertion order, numbers print as Java prints them
 * (integers without a fraction; doubles are rounded by the caller), strings escape {@code "},
 * {@code \}, control characters and nothing else (UTF-8 text stays as is).
 */
public final class Json {
    private Json() {
    }

    /** A fresh ordered JSON object. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /** Unwraps Optional/OptionalInt/OptionalLong; other values pass through. */
    public static Object value(Object v) {
        if (v instanceof Optional<?> o) {
            return o.map(Json::value).orElse(null);
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? (Object) o.getAsInt() : null;
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? (Object) o.getAsLong() : null;
        }
        return v;
    }

    public static String write(Object tree) {
        StringBuilder sb = new StringBuilder();
        write(sb, value(tree), 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        v = value(v);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            List<Object> items = new ArrayList<>();
            it.forEach(items::add);
            if (items.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean simple = items.stream().allMatch(x -> !(value(x) instanceof Map) && !(value(x) instanceof Iterable));
            if (simple) {
                sb.append('[');
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, items.get(i), indent);
                }
                sb.append(']');
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < items.size(); i++) {
                pad(sb, indent + 1);
                write(sb, items.get(i), indent + 1);
                sb.append(i + 1 < items.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("  ".repeat(indent));
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
