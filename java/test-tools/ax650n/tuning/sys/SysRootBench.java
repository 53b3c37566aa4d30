package ax650n.tuning.sys;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of one SysRoot operation (read, optional read of a missing file, exists, isDirectory,
 * list, readLink, realPath) in a fresh JVM, the way a command pays it at start-up.
 *
 * <pre>
 * mvn -B -q -o test-compile
 * java -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -Xshare:auto \
 *     -Dax650n.tuning.native.lib=$PWD/target/native/amd64/libax650n_tuning.so \
 *     -cp target/test-classes:target/classes ax650n.tuning.sys.SysRootBench [--passes N] live|DIR...
 * </pre>
 * (the library's path must be absolute; without it a tree is read by the component walk.)
 * For each root ({@code live} is {@code /}) it collects paths as a host snapshot meets them:
 * the PCI devices and their attribute files, config space (a live read of it is mostly kernel
 * time, so it has a line of its own) and links, the CPU and cpufreq files,
 * {@code /proc/irq/N/*}, and for each file a sibling that does not exist. It then runs every
 * operation over those paths {@code N} times (default 20) and prints microseconds per
 * operation of the first pass (interpreted code, classes loading: what a command's start
 * pays) and the median of the other passes (warm). To compare two builds, run it with each
 * build's classes first on the class path (e.g. a copy of target/classes made before a
 * change) and compare the columns: the tool itself uses only SysRoot's public methods. Give
 * one root per JVM to compare first passes (a root run earlier warms the JDK code the next one
 * shares), and run it a few times. A harness, not a unit test: numbers depend on the machine
 * and its load.
 */
public final class SysRootBench {
    private static final int MAX_FILES = 300;

    private SysRootBench() {
    }

    public static void main(String[] args) throws IOException {
        int passes = 20;
        List<String> roots = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--passes")) {
                passes = Integer.parseInt(args[++i]);
            } else {
                roots.add(args[i]);
            }
        }
        if (roots.isEmpty()) {
            roots.add("live");
        }
        System.out.printf(Locale.ROOT, "%-28s %-13s %6s %10s %10s%n", "root", "operation", "paths", "first_us", "warm_us");
        for (String r : roots) {
            SysRoot root = r.equals("live") ? SysRoot.live() : SysRoot.of(Path.of(r));
            Paths p = collect(root.root());
            Op[] ops = ops(root, p);
            double[][] us = new double[ops.length][passes];
            for (int pass = 0; pass < passes; pass++) {
                for (int k = 0; k < ops.length; k++) {
                    us[k][pass] = ops[k].time();
                }
            }
            for (int k = 0; k < ops.length; k++) {
                double[] warm = Arrays.copyOfRange(us[k], Math.min(1, passes - 1), passes);
                Arrays.sort(warm);
                System.out.printf(Locale.ROOT, "%-28s %-13s %6d %10.1f %10.1f%n", r, ops[k].name, ops[k].paths.size(),
                        us[k][0], warm[warm.length / 2]);
            }
        }
    }

    /** The host paths of one root, by kind. */
    private static final class Paths {
        final List<String> files = new ArrayList<>();
        final List<String> configs = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final List<String> dirs = new ArrayList<>();
        final List<String> links = new ArrayList<>();
    }

    /** One kind of operation over its paths; {@link #time} runs it once over all of them. */
    private abstract static class Op {
        final String name;
        final List<String> paths;
        long sink;

        Op(String name, List<String> paths) {
            this.name = name;
            this.paths = paths;
        }

        abstract long one(String path) throws IOException;

        /** Microseconds per path of one pass. */
        double time() {
            long t0 = System.nanoTime();
            for (String p : paths) {
                try {
                    sink += one(p);
                } catch (IOException e) {
                    sink++;
                }
            }
            return paths.isEmpty() ? 0 : (System.nanoTime() - t0) / 1000.0 / paths.size();
        }
    }

    private static Op[] ops(SysRoot root, Paths p) {
        return new Op[] {
            new Op("read", p.files) {
                @Override
                long one(String path) throws IOException {
                    return root.readString(path).length();
                }
            },
            new Op("read-config", p.configs) {
                @Override
                long one(String path) throws IOException {
                    return root.readConfigSpace(path).length;
                }
            },
            new Op("readOpt-miss", p.missing) {
                @Override
                long one(String path) {
                    return root.readOptional(path).isPresent() ? 1 : 0;
                }
            },
            new Op("exists", p.files) {
                @Override
                long one(String path) {
                    return root.exists(path) ? 1 : 0;
                }
            },
            new Op("exists-miss", p.missing) {
                @Override
                long one(String path) {
                    return root.exists(path) ? 1 : 0;
                }
            },
            new Op("isDirectory", p.dirs) {
                @Override
                long one(String path) {
                    return root.isDirectory(path) ? 1 : 0;
                }
            },
            new Op("list", p.dirs) {
                @Override
                long one(String path) throws IOException {
                    return root.list(path).size();
                }
            },
            new Op("readLink", p.links) {
                @Override
                long one(String path) {
                    return root.readLink(path).map(String::length).orElse(0);
                }
            },
            new Op("realPath", p.links) {
                @Override
                long one(String path) throws IOException {
                    return root.realPath(path).length();
                }
            },
        };
    }

    /** What a snapshot reads, found with java.io under {@code base} (not through SysRoot). */
    private static Paths collect(Path base) {
        Paths p = new Paths();
        String b = base.toString().equals("/") ? "" : base.toString();
        for (String dev : names(b + "/sys/bus/pci/devices")) {
            String d = "/sys/bus/pci/devices/" + dev;
            p.links.add(d);
            p.dirs.add(d + "/");
            p.links.add(d + "/driver");
            p.dirs.add(d + "/msi_irqs");
            if (new File(b + d + "/config").canRead()) {
                p.configs.add(d + "/config");
            }
            for (String f : List.of("vendor", "device", "class", "irq", "current_link_speed",
                    "current_link_width", "max_link_speed", "numa_node", "aer_dev_correctable")) {
                file(p, b, d + "/" + f);
            }
        }
        p.dirs.add("/sys/devices/system/cpu");
        for (String cpu : names(b + "/sys/devices/system/cpu")) {
            if (!cpu.matches("cpu[0-9]+")) {
                continue;
            }
            String c = "/sys/devices/system/cpu/" + cpu;
            p.dirs.add(c);
            for (String f : List.of("online", "cpu_capacity", "topology/cluster_id", "topology/core_id",
                    "cpufreq/scaling_governor", "cpufreq/cpuinfo_max_freq", "cpufreq/scaling_available_governors")) {
                file(p, b, c + "/" + f);
            }
        }
        p.dirs.add("/proc/irq");
        for (String irq : names(b + "/proc/irq")) {
            if (!irq.matches("[0-9]+")) {
                continue;
            }
            p.dirs.add("/proc/irq/" + irq);
            file(p, b, "/proc/irq/" + irq + "/smp_affinity_list");
            file(p, b, "/proc/irq/" + irq + "/effective_affinity_list");
        }
        file(p, b, "/proc/interrupts");
        return p;
    }

    private static void file(Paths p, String base, String hostPath) {
        p.missing.add(hostPath + ".missing");
        if (p.files.size() < MAX_FILES && new File(base + hostPath).isFile() && new File(base + hostPath).canRead()) {
            p.files.add(hostPath);
        } else {
            p.missing.add(hostPath);
        }
    }

    private static List<String> names(String dir) {
        String[] n = new File(dir).list();
        if (n == null) {
            return List.of();
        }
        Arrays.sort(n);
        return Arrays.asList(n);
    }
}
