package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.autotune.Search;
import ax650n.tuning.bench.Launch;
import ax650n.tuning.bench.Mode;
import ax650n.tuning.diag.Report;
import ax650n.tuning.pci.LinkSpeed;
import ax650n.tuning.pci.PortType;
import ax650n.tuning.sys.KernelChoice;
import ax650n.tuning.sys.Labelled;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The words enums print, the card id constant and the bracketed-choice reader, each written once. */
class LabelsTest {
    /** The journal and JSON spell kinds and statuses as they always did: the name in lower case, '-' for '_'. */
    @Test
    void kindAndStatusLabelsKeepTheirText() {
        for (Change.Kind k : Change.Kind.values()) {
            assertEquals(k.name().toLowerCase(Locale.ROOT).replace('_', '-'), k.label());
            assertEquals(Optional.of(k), Change.Kind.ofLabel(k.label()));
        }
        for (ItemResult.Status s : ItemResult.Status.values()) {
            assertEquals(s.name().toLowerCase(Locale.ROOT).replace('_', '-'), s.label());
        }
        for (ax650n.tuning.diag.rules.Severity s : ax650n.tuning.diag.rules.Severity.values()) {
            assertEquals(s.name().toLowerCase(Locale.ROOT), s.label());
        }
        assertEquals(Optional.empty(), Change.Kind.ofLabel("pm-qos-latency"), "the removed kind is unknown now");
        assertEquals(Optional.empty(), Change.Kind.ofLabel("IRQ_AFFINITY"));
    }

    @Test
    void everyLabelledEnumHasDistinctLabels() {
        List<Labelled[]> all = List.of(Change.Kind.values(), ItemResult.Status.values(), Tuner.State.values(),
                Mode.values(), Launch.values(), Search.Verdict.values(), Search.Stop.values(), LinkSpeed.values(),
                PortType.values(), ax650n.tuning.diag.rules.Severity.values());
        for (Labelled[] values : all) {
            Set<String> seen = new HashSet<>();
            for (Labelled l : values) {
                assertTrue(!l.label().isEmpty() && seen.add(l.label()), l + ": " + l.label());
            }
        }
        assertEquals(Optional.of(Mode.TUNED_PINNED), Labelled.byLabel(Mode.values(), "tuned+pinned"));
        assertEquals(Optional.of(LinkSpeed.GT_5), Labelled.byLabel(LinkSpeed.values(), "5GT/s"));
        assertEquals(Optional.empty(), Labelled.byLabel(LinkSpeed.values(), "5 GT/s"));
    }

    @Test
    void cardIdsParseAndPrintOneWay() {
        assertEquals("1f4b:0650", Config.CardId.AX650N.toString());
        assertEquals(Config.CardId.AX650N, Config.CardId.parse("1F4B:0650"));
        assertEquals(Config.defaults().cards(), List.of(Config.CardId.AX650N));
        for (String bad : new String[] {"1f4b:650", "1f4b-0650", "1f4b:06500", "", "1f4b:065g", " 1f4b:0650"}) {
            assertNull(Config.CardId.parse(bad), bad);
        }
    }

    @Test
    void theBracketedChoiceIsTheActiveOne() {
        assertEquals(Optional.of("performance"), KernelChoice.active("default [performance] powersave powersupersave"));
        assertEquals(Optional.of("default"), KernelChoice.active("[default] performance"));
        assertEquals(Optional.of(""), KernelChoice.active("a [] b"));
        assertEquals(Optional.empty(), KernelChoice.active("default performance"));
        assertEquals(Optional.empty(), KernelChoice.active("default ]performance["));
        assertEquals(Optional.empty(), KernelChoice.active("default [performance"));
    }
}
