package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.diag.Report;
import ax650n.tuning.diag.TextReport;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.sys.Json;
import ax650n.tuning.tune.Config;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A pasted {@code lspci -xxx}/{@code -xxxx} dump, all the way that {@code ax650n-diagnose
 * --lspci-dump} takes it: hex parsing, config-space decoding of every device, the report in text
 * and JSON. Fails only with LspciDump.FormatException (one line naming the line).
 */
class LspciDumpFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void dump(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        LspciDump.Result r;
        try {
            r = LspciDump.parse("fuzz.txt", text);
        } catch (LspciDump.FormatException e) {
            FuzzContract.oneLine(e, text);
            assertTrue(e.getMessage().startsWith("fuzz.txt"), e.getMessage());
            return;
        }
        for (String w : r.warnings()) {
            FuzzContract.oneLine("warning", w, text);
        }
        if (r.devices().isEmpty()) {
            return;
        }
        Report report = Diagnoser.fromDump(r, Diagnoser.ids(Config.defaults(), List.of()),
                Report.Source.lspciDump("fuzz.txt"));
        FuzzContract.printable("text report", TextReport.render(report, false));
        Json.write(report.toJson());
    }
}
