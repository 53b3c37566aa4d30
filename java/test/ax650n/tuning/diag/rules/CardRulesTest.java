package ax650n.tuning.diag.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.DiagTestSupport;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.sys.Bdf;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The card rules one at a time, on the CM3588's AX650N and its root port (from the test host's
 * lspci dump) with single registers changed: each rule's finding, and silence where it does not apply.
 */
class CardRulesTest {
    /** The PCI Express capability of both the card and the RK3588 root port. */
    private static final int EXP = 0x70;
    private static byte[] card;
    private static byte[] port;

    @BeforeAll
    static void load() throws Exception {
        LspciDump.Result r = LspciDump.read(DiagTestSupport.host("cm3588").resolveSibling("cm3588.lspci"));
        card = bytes(r, "0003:31:00.0");
        port = bytes(r, "0003:30:00.0");
    }

    private static byte[] bytes(LspciDump.Result r, String bdf) {
        for (LspciDump.Device d : r.devices()) {
            if (d.bdf().toString().equals(bdf)) {
                return d.bytes();
            }
        }
        throw new AssertionError("no " + bdf + " in the dump");
    }

    private static CardFacts facts(byte[] cardBytes, byte[] portBytes) throws Exception {
        return CardFacts.ofDump(Bdf.parse("0003:31:00.0"), cardBytes, true, Optional.of(Bdf.parse("0003:30:00.0")),
                Optional.ofNullable(portBytes));
    }

    /** {@code bytes} with the 16-bit register at {@code off} set to {@code (old & ~mask) | value}. */
    private static byte[] with(byte[] bytes, int off, int mask, int value) {
        byte[] b = bytes.clone();
        int old = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
        int v = (old & ~mask) | value;
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        return b;
    }

    private static Recommendation only(Rule<CardFacts> rule, CardFacts f) {
        List<Recommendation> l = rule.check(f);
        assertEquals(1, l.size(), l.toString());
        return l.get(0);
    }

    @Test
    void readRequestRuleWantsExactly512() throws Exception {
        ReadRequestRule rule = new ReadRequestRule();
        assertEquals(Severity.OK, only(rule, facts(card, port)).severity());
        // DevCtl bits 14:12: 0 = 128, 1 = 256, 2 = 512, 5 = 4096
        Recommendation r128 = only(rule, facts(with(card, EXP + 8, 0x7000, 0x0000), port));
        assertEquals(Severity.BAD, r128.severity());
        assertEquals("MaxReadReq 128: 128 and 256 crash the AXCL driver; it needs 512", r128.why());
        assertEquals(Optional.of("sudo setpci -s 0003:31:00.0 CAP_EXP+8.w=2000:7000"), r128.fix());
        Recommendation r4096 = only(rule, facts(with(card, EXP + 8, 0x7000, 0x5000), port));
        assertEquals(Severity.BAD, r4096.severity());
        assertTrue(r4096.why().startsWith("MaxReadReq 4096: above 512 is slower"), r4096.why());
        // not the AX650N: no finding
        CardFacts other = CardFacts.ofDump(Bdf.parse("0003:31:00.0"), with(card, EXP + 8, 0x7000, 0), false,
                Optional.empty(), Optional.empty());
        assertEquals(List.of(), rule.check(other));
    }

    @Test
    void payloadRuleFlagsACardAboveItsPort() throws Exception {
        PayloadRule rule = new PayloadRule();
        assertEquals(Severity.OK, only(rule, facts(card, port)).severity());
        // card MaxPayload 256 (DevCtl bits 7:5 = 1), port 128
        Recommendation bad = only(rule, facts(with(card, EXP + 8, 0x00e0, 0x0020), port));
        assertEquals(Severity.BAD, bad.severity());
        assertEquals("MaxPayload 256 on the card but 128 on root port 0003:30:00.0: larger packets are malformed for the receiver",
                bad.why());
        assertEquals(List.of(), rule.check(facts(card, null)), "needs both ends");
    }

    @Test
    void aspmRuleNamesTheEndThatEnablesIt() throws Exception {
        AspmRule rule = new AspmRule();
        assertEquals(Severity.OK, only(rule, facts(card, port)).severity());
        Recommendation on = only(rule, facts(card, with(port, EXP + 0x10, 0x3, 0x2)));
        assertEquals(Severity.WARN, on.severity());
        assertTrue(on.why().startsWith("ASPM on the link (root port 0003:30:00.0 L1 Enabled)"), on.why());
    }

    @Test
    void linkActiveRuleSeesALinkDownAndACardThatDoesNotAnswer() throws Exception {
        LinkActiveRule rule = new LinkActiveRule();
        assertEquals(List.of(), rule.check(facts(card, port)));
        Recommendation down = only(rule, facts(card, with(port, EXP + 0x12, 0x2000, 0)));
        assertEquals(Severity.BAD, down.severity());
        assertEquals("root port 0003:30:00.0 reports the data link down (DLActive-)", down.why());
        byte[] ones = new byte[card.length];
        Arrays.fill(ones, (byte) 0xff);
        CardFacts gone = facts(ones, port);
        assertEquals("config space reads all ones: the card does not answer", only(rule, gone).why());
        // nothing else is said of a card that does not answer
        for (Rule<CardFacts> r : List.<Rule<CardFacts>>of(new LinkRule(), new PayloadRule(), new ReadRequestRule(),
                new AspmRule(), new AerRule())) {
            assertEquals(List.of(), r.check(gone), r.getClass().getSimpleName());
        }
    }

    @Test
    void linkRuleCallsASlotLimitOkAndATrainingFaultAWarning() throws Exception {
        LinkRule rule = new LinkRule();
        Recommendation slot = only(rule, facts(card, port));
        assertEquals(Severity.OK, slot.severity());
        assertTrue(slot.why().contains("is the ceiling of this slot"), slot.why());
        // the card trained at 2.5GT/s (LnkSta speed 1) although both ends do 5GT/s
        Recommendation slow = only(rule, facts(with(card, EXP + 0x12, 0x000f, 0x0001), port));
        assertEquals(Severity.WARN, slow.severity());
        assertTrue(slow.why().endsWith(": reseat the card or check the slot; the link retrains at the next boot"), slow.why());
        // without the port: judged on the card alone, which reports its width downgraded
        Recommendation alone = only(rule, facts(card, null));
        assertEquals(Severity.WARN, alone.severity());
        assertEquals("link 5GT/s x1 below the card's 5GT/s x2; upstream port 0003:30:00.0 not decoded, so which end limits "
                + "is unknown", alone.why());
    }

    @Test
    void configSpaceRuleOnShortAndUnreadableBytes() throws Exception {
        ConfigSpaceRule rule = new ConfigSpaceRule();
        assertEquals(List.of(), rule.check(facts(card, port)));
        Recommendation header = only(rule, facts(Arrays.copyOf(card, 64), port));
        assertEquals(Severity.WARN, header.severity());
        assertTrue(header.why().startsWith("only 64 bytes of config space readable"), header.why());
        assertEquals(Optional.empty(), header.fix(), "not the live host: running as root does not help");
        assertEquals(Severity.BAD, only(rule, facts(new byte[0], port)).severity());
    }

    @Test
    void aerRuleReadsUnmaskedUncorrectableStatusBits() throws Exception {
        AerRule rule = new AerRule();
        assertEquals("no AER error status bits set", only(rule, facts(card, port)).why());
        int aer = aerOffset(card);
        // Uncorrectable Error Status (AER+4): CmpltTO (bit 14)
        Recommendation bad = only(rule, facts(with(card, aer + 4, 0x4000, 0x4000), port));
        assertEquals(Severity.BAD, bad.severity());
        assertTrue(bad.why().startsWith("AER uncorrectable status: CmpltTO"), bad.why());
        // the same bit masked (Uncorrectable Error Mask, AER+8): not counted
        byte[] masked = with(with(card, aer + 4, 0x4000, 0x4000), aer + 8, 0x4000, 0x4000);
        assertEquals(Severity.OK, only(rule, facts(masked, port)).severity());
    }

    /** The offset of the AER extended capability (ID 1) in the card's bytes. */
    private static int aerOffset(byte[] b) {
        int off = 0x100;
        for (int hops = 0; off >= 0x100 && hops < 64; hops++) {
            int header = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
            if ((header & 0xffff) == 1) {
                return off;
            }
            off = header >>> 20;
        }
        throw new AssertionError("no AER capability in the card's dump");
    }
}
