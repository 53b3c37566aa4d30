package ax650n.tuning.pci;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Decode throughput on hex dumps, against lspci on the same files, in one run.
 *
 * <pre>
 * mvn -o -q -Pbench test-compile exec:java       (the pciutils test dumps)
 * java -cp target/test-classes:target/classes ax650n.tuning.pci.DecodeBench [--seconds N] [--lspci-runs N] DUMP-OR-DIR...
 * </pre>
 * The decoder part warms up, then decodes every device of every dump repeatedly for the given
 * time and reports devices per second (single thread). The lspci part runs
 * {@code lspci -F DUMP -vvv} on each dump several times and reports wall-clock process time per
 * device (process start to exit, output read and discarded; that includes lspci's start-up and
 * pci.ids lookups, which is what a user of lspci pays). The ratio is decoder devices/s over
 * lspci devices/s. A harness, not a unit test: numbers depend on the machine.
 */
public final class DecodeBench {
    private DecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 5;
        int lspciRuns = 5;
        String lspci = "lspci";
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--lspci-runs": lspciRuns = Integer.parseInt(args[++i]); break;
                case "--lspci": lspci = args[++i]; break;
                default: inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            inputs.add(Paths.get("java/testdata/pciutils"));
        }
        List<Path> files = LspciConformance.expand(inputs);
        List<byte[]> devices = new ArrayList<>();
        List<Integer> perFile = new ArrayList<>();
        for (Path f : files) {
            List<LspciDump.Device> ds = LspciDump.read(f).devices();
            perFile.add(ds.size());
            for (LspciDump.Device d : ds) {
                devices.add(d.bytes());
            }
        }
        long bytes = devices.stream().mapToLong(b -> b.length).sum();
        System.out.printf("dumps: %d files, %d devices, %d bytes of config space%n", files.size(), devices.size(), bytes);

        long sink = 0;
        sink += decodeFor(devices, Math.max(1.0, seconds / 2))[1]; // warm-up
        long[] r = decodeFor(devices, seconds);
        sink += r[1];
        double decodePerSec = r[0] / (r[2] / 1e9);
        System.out.printf("decoder: %d devices in %.2f s = %.0f devices/s (%.2f us/device)%n",
                r[0], r[2] / 1e9, decodePerSec, r[2] / 1e3 / r[0]);

        if (!LspciConformance.lspciAvailable(lspci)) {
            System.out.println("lspci: not installed, no comparison (Debian: apt-get install pciutils)");
            System.out.println("(checksum " + sink + ")");
            return;
        }
        long lspciNanos = 0;
        long lspciDevices = 0;
        for (int run = 0; run < lspciRuns; run++) {
            for (int i = 0; i < files.size(); i++) {
                long t0 = System.nanoTime();
                String out = LspciConformance.runLspci(lspci, files.get(i));
                lspciNanos += System.nanoTime() - t0;
                lspciDevices += perFile.get(i);
                sink += out.length();
            }
        }
        double lspciPerSec = lspciDevices / (lspciNanos / 1e9);
        System.out.printf("lspci -F DUMP -vvv: %d devices in %.2f s = %.0f devices/s (%.1f us/device)%n",
                lspciDevices, lspciNanos / 1e9, lspciPerSec, lspciNanos / 1e3 / lspciDevices);
        System.out.printf("ratio: decoder is %.0fx lspci per device%n", decodePerSec / lspciPerSec);
        System.out.println("(checksum " + sink + ")");
    }

    /** Returns {devices decoded, checksum, nanos}. */
    private static long[] decodeFor(List<byte[]> devices, double seconds) throws IOException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long sink = 0;
        long t0 = System.nanoTime();
        long now;
        do {
            for (byte[] b : devices) {
                try {
                    ConfigSpace cs = ConfigSpace.decode(b);
                    sink += cs.capabilities().entries().size() + cs.extendedCapabilities().entries().size()
                            + cs.link().map(l -> l.width()).orElse(0);
                } catch (ConfigSpaceException e) {
                    sink--;
                }
                count++;
            }
            now = System.nanoTime();
        } while (now < deadline);
        return new long[] {count, sink, now - t0};
    }
}
