package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a {@link SysRoot} turns a host path into a path under its root: the validation every
 * host path passes, and the component-by-component walk that keeps a non-live root a boundary
 * (as {@code openat2(RESOLVE_IN_ROOT)} and systemd's {@code chase()} do).
 */
final class RootWalk {
    /** Links followed for one path, as the kernel's MAXSYMLINKS. */
    private static final int MAX_LINKS = 40;

    /** The confinement suite's hook ({@link SysRoot#traceForTests}); null when off. */
    static volatile Consumer<String> trace;

    private RootWalk() {
    }

    /**
     * Checks an absolute host path and returns its components joined with {@code /}, without
     * the leading (and any trailing) slash; empty for the root. A path with {@code ..},
     * {@code .}, an empty element or a NUL is an IllegalArgumentException (a trailing slash is
     * allowed), so no value taken from a configuration or a sysfs listing can walk out of the
     * root. Every SysRoot operation begins here, so the common path is one scan of the string
     * with no list built; anything unusual goes through the element-by-element check, which
     * names the offending element.
     */
    static String relative(String hostPath) {
        Consumer<String> t = trace;
        if (t != null) {
            t.accept(hostPath);
        }
        int n = hostPath.length();
        if (n > 0 && hostPath.charAt(0) == '/') {
            int end = n > 1 && hostPath.charAt(n - 1) == '/' ? n - 1 : n; // a trailing slash is allowed
            if (n == 1 || plainElements(hostPath, 1, end)) {
                return n == 1 ? "" : hostPath.substring(1, end);
            }
        }
        return String.join("/", check(hostPath)); // throws, or an odd spelling of a valid path ("//")
    }

    /**
     * True when s[from, end) is one or more elements, none empty, "." or "..", and s holds no
     * NUL. Element by element with String.indexOf (compiled early, as the JDK itself uses it
     * at start), not a charAt loop, which the interpreter runs at some 30 bytecodes a
     * character for the first few hundred paths of a run.
     */
    private static boolean plainElements(String s, int from, int end) {
        if (s.indexOf('\0') >= 0) {
            return false;
        }
        int start = from;
        while (true) {
            int slash = s.indexOf('/', start);
            int stop = slash < 0 || slash > end ? end : slash;
            int len = stop - start;
            if (len == 0 || (len <= 2 && s.charAt(start) == '.' && (len == 1 || s.charAt(start + 1) == '.'))) {
                return false;
            }
            if (stop >= end) {
                return true;
            }
            start = stop + 1;
        }
    }

    /**
     * The components of a path {@link #relative} returned (split at every slash; nothing to
     * check again), for the walk.
     */
    static List<String> components(String rel) {
        List<String> out = new ArrayList<>();
        if (rel.isEmpty()) {
            return out;
        }
        int start = 0;
        for (int i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', start)) {
            out.add(rel.substring(start, i));
            start = i + 1;
        }
        out.add(rel.substring(start));
        return out;
    }

    /** The slow, exact check: the components, or the exception that names what is wrong (RootWalkTest's oracle). */
    static List<String> check(String hostPath) {
        if (hostPath.isEmpty() || hostPath.charAt(0) != '/') {
            throw new IllegalArgumentException("not an absolute host path: '" + hostPath + "'");
        }
        if (hostPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in host path");
        }
        String rest = hostPath.substring(1);
        List<String> out = new ArrayList<>();
        if (!rest.isEmpty()) {
            for (String part : rest.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    if (part.isEmpty() && rest.endsWith("/") && rest.indexOf("//") < 0) {
                        continue; // a trailing slash
                    }
                    throw new IllegalArgumentException("host path element '" + part + "' not allowed: " + hostPath);
                }
                out.add(part);
            }
        }
        return out;
    }

    /**
     * The walk: one component at a time from the root, each checked with lstat; a link is
     * replaced by its target's components (from the root when absolute, from the link's
     * directory when relative); {@code ..} never climbs above the root. Components that do not
     * exist are kept as they are (a file about to be created). The last component is followed
     * only when {@code followLast} is set. More than 40 links is a {@link RegularFile.Refused}.
     */
    static Path chase(Path root, List<String> parts, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        for (String part : parts) { // not the copy constructor: it bootstraps a method reference
            todo.addLast(part);
        }
        // at == root.resolve(String.join("/", cur)) throughout: extended one component at a time
        // rather than rebuilt from the whole list at every step (the walk is the hot loop of a
        // --sysroot read, and rebuilding made it quadratic in the depth of the path)
        int depth = 0;
        Path at = root;
        int links = 0;
        boolean missing = false;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (depth > 0) {
                    depth--;
                    at = at.getParent();
                }
                continue;
            }
            Path p = at.resolve(c);
            if (missing || (todo.isEmpty() && !followLast)) {
                depth++;
                at = p;
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                missing = true; // nothing below a missing or unreadable entry can be a link we follow
                depth++;
                at = p;
                continue;
            }
            if (a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new RegularFile.Refused(root.resolve(String.join("/", parts)).toString(),
                            "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) {
                    depth = 0;
                    at = root;
                }
                String[] t = target.split("/");
                for (int i = t.length - 1; i >= 0; i--) {
                    todo.addFirst(t[i]);
                }
            } else {
                depth++;
                at = p;
                if (!a.isDirectory() && !todo.isEmpty()) {
                    missing = true; // "not a directory": opens below it fail, and stay in the root
                }
            }
        }
        return at;
    }
}
