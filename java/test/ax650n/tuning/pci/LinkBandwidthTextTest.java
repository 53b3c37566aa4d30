package ax650n.tuning.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The bandwidth text is written without the Formatter (start-up), and reads exactly as {@code %.0f} printed it. */
class LinkBandwidthTextTest {
    @Test
    void theTextIsWhatStringFormatPrintedForEverySpeedAndWidth() {
        for (LinkSpeed s : LinkSpeed.values()) {
            for (int w = 1; w <= 32; w++) {
                LinkBandwidth b = new LinkBandwidth(s, w);
                String old = String.format(Locale.ROOT, "%s x%d = %.0f MB/s per direction", s.label(), w,
                        b.megabytesPerSecond());
                assertEquals(old, b.toString());
                assertEquals(String.format(Locale.ROOT, "%.0f", b.megabytesPerSecond()),
                        Long.toString(b.wholeMegabytesPerSecond()));
            }
        }
    }
}
