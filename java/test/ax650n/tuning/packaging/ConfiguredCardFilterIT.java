package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.basedir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The udev filter /usr/libexec/ax650n-tuning/is-configured-card against configuration files. */
class ConfiguredCardFilterIT {
    @TempDir
    Path tmp;

    private int filter(String vendor, String device, Path conf) {
        return PackagingSupport.run(List.of("sh", basedir().resolve("debian/libexec/is-configured-card").toString(),
                vendor, device, conf.toString())).exit();
    }

    private Path conf(String text) throws Exception {
        Path p = Files.createTempFile(tmp, "conf", ".conf");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultConfigurationMatchesOnlyTheAx650n() throws Exception {
        Path shipped = basedir().resolve("systemd/ax650n-tuning.conf");
        assertEquals(0, filter("0x1f4b", "0x0650", shipped));
        assertEquals(1, filter("0x8086", "0x10d3", shipped));
        assertEquals(0, filter("0x1f4b", "0x0650", tmp.resolve("missing.conf")));
        assertEquals(1, filter("0x1af4", "0x1041", tmp.resolve("missing.conf")));
    }

    @Test
    void listedCardsMatchWithBlanksCommentsAndUpperCase() throws Exception {
        Path c = conf("# cards = 1b36:0010\nirq_cpus = auto\n  cards =  1F4B:0650 ,8086:10d3\t# e1000e\nbig_governor = performance");
        assertEquals(0, filter("0x8086", "0x10d3", c));
        assertEquals(0, filter("0x1f4b", "0x0650", c));
        assertEquals(1, filter("0x1b36", "0x0010", c), "commented-out entry");
        assertEquals(1, filter("0x8086", "0x10d4", c));
    }

    @Test
    void theConfigurationReplacesTheDefaultCard() throws Exception {
        Path c = conf("cards = 1b36:0010\n");
        assertEquals(0, filter("0x1b36", "0x0010", c));
        assertEquals(1, filter("0x1f4b", "0x0650", c), "the configuration replaced the default card");
    }

    /** Issue 14 item 11: what ax650n-tune refuses (a repeated or unknown key) the filter refuses too. */
    @Test
    void aConfigurationTheToolRefusesMatchesNoCard() throws Exception {
        Path repeated = conf("cards = 8086:10d3\ncards = 1b36:0010\n");
        assertEquals(1, filter("0x1b36", "0x0010", repeated));
        assertEquals(1, filter("0x8086", "0x10d3", repeated));
        Path unknown = conf("cards = 8086:10d3\nmy_cards = 1b36:0010\n");
        assertEquals(1, filter("0x8086", "0x10d3", unknown));
        Path crlf = conf("cards = 1af4:1045\r\n");
        assertEquals(0, filter("0x1af4", "0x1045", crlf), "a CRLF file is accepted, as ax650n-tune accepts it");
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        Path c = conf("cards = 1f4b:0650\n");
        assertEquals(2, filter("vendor", "0x0650", c));
        assertEquals(2, filter("0x1F4B", "0x0650", c));
        assertEquals(2, PackagingSupport.run(List.of("sh",
                basedir().resolve("debian/libexec/is-configured-card").toString())).exit());
        assertTrue(Files.isExecutable(basedir().resolve("debian/libexec/is-configured-card")));
    }
}
