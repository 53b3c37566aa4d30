package ax650n.tuning.pci;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The pciutils test dumps under java/testdata/pciutils. */
final class TestDumps {
    private TestDumps() {
    }

    static Path dir() {
        String base = System.getProperty("ax650n.tuning.basedir", ".");
        return Paths.get(base, "java", "testdata", "pciutils");
    }

    static List<Path> files() throws IOException {
        return LspciConformance.expand(List.of(dir()));
    }

    static List<LspciDump.Device> devices() throws IOException, LspciDump.FormatException {
        List<LspciDump.Device> out = new ArrayList<>();
        for (Path f : files()) {
            out.addAll(LspciDump.read(f).devices());
        }
        return out;
    }

    static List<byte[]> seeds() throws IOException, LspciDump.FormatException {
        List<byte[]> out = new ArrayList<>();
        for (LspciDump.Device d : devices()) {
            out.add(d.bytes());
        }
        return out;
    }
}
