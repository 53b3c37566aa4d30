package ax650n.tuning.sys;

import java.util.ArrayList;
import java.util.List;

/** Path arithmetic on components, for recreating the links of a captured host inside its tree. */
final class LinkPaths {
    private LinkPaths() {
    }

    /** Whether a relative link target climbs above the top from directory {@code dir}. */
    static boolean escapes(List<String> dir, List<String> rel) {
        int depth = dir.size();
        for (String p : rel) {
            if (p.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /** The relative link target from directory {@code from} to absolute {@code to} (normalised). */
    static String relative(List<String> from, List<String> to) {
        List<String> norm = new ArrayList<>();
        for (String p : to) {
            if (p.equals("..")) {
                if (!norm.isEmpty()) {
                    norm.remove(norm.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                norm.add(p);
            }
        }
        int common = 0;
        while (common < from.size() && common < norm.size() && from.get(common).equals(norm.get(common))) {
            common++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = common; i < from.size(); i++) {
            sb.append(sb.length() == 0 ? "" : "/").append("..");
        }
        for (int i = common; i < norm.size(); i++) {
            sb.append(sb.length() == 0 ? "" : "/").append(norm.get(i));
        }
        return sb.length() == 0 ? "." : sb.toString();
    }

    /** The non-empty components of a path. */
    static List<String> parts(String path) {
        List<String> r = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                r.add(p);
            }
        }
        return r;
    }

    static String join(List<String> parts) {
        return String.join("/", parts);
    }
}
