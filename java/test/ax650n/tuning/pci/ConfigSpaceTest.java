package ax650n.tuning.pci;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigSpaceTest {

    @Test
    void ax650nEndpointOnAOneLaneSlot() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(ConfigBytes.ax650n(4096).b);
        Header h = cs.header();
        assertEquals("1f4b:0650", h.id());
        assertEquals(0x040000, h.classCode());
        assertEquals(1, h.revision());
        assertEquals(0, h.layout());
        assertTrue(h.memorySpaceEnabled());
        assertTrue(h.busMaster());
        assertTrue(h.interruptDisable());
        assertTrue(h.capabilityList());
        assertTrue(h.buses().isEmpty());

        assertEquals(List.of(0x40, 0x50, 0x70), cs.capabilities().entries().stream().map(Capability::offset).toList());
        assertEquals(List.of("Power Management", "MSI", "PCI Express"),
                cs.capabilities().entries().stream().map(Capability::name).toList());
        assertEquals(CapabilityChain.End.COMPLETE, cs.capabilities().end());

        assertEquals(3, cs.powerManagement().orElseThrow().version());
        assertEquals(0, cs.powerManagement().orElseThrow().powerState().getAsInt());
        Msi msi = cs.msi().orElseThrow();
        assertTrue(msi.enabled());
        assertEquals(4, msi.vectorsCapable());
        assertEquals(1, msi.vectorsEnabled());
        assertTrue(msi.address64());
        assertTrue(msi.perVectorMasking());
        assertTrue(cs.msix().isEmpty());

        PciExpress e = cs.express().orElseThrow();
        assertEquals(2, e.version());
        assertEquals(PortType.ENDPOINT, e.portType());
        PciExpress.Device d = e.device().orElseThrow();
        assertEquals(128, d.maxPayloadSupported());
        assertEquals(128, d.maxPayload());
        assertEquals(512, d.maxReadRequest());
        assertFalse(d.correctableErrorDetected());
        PciExpress.Link l = e.link().orElseThrow();
        assertEquals(LinkSpeed.GT_5, l.maxSpeed());
        assertEquals(2, l.maxWidth());
        assertEquals("not supported", l.aspmSupportLabel());
        assertEquals("Disabled", l.aspmControlLabel());
        assertEquals(LinkSpeed.GT_5, l.speed());
        assertEquals(1, l.width());
        assertFalse(l.speedDowngraded());
        assertTrue(l.widthDowngraded());
        assertEquals(500.0, l.currentBandwidth().orElseThrow().megabytesPerSecond(), 1e-9);
        assertEquals(1000.0, l.capableBandwidth().orElseThrow().megabytesPerSecond(), 1e-9);
        assertEquals(List.of(LinkSpeed.GT_2_5, LinkSpeed.GT_5), e.supportedSpeeds());

        assertEquals(List.of(0x100, 0x148, 0x150), cs.extendedCapabilities().entries().stream().map(Capability::offset).toList());
        Aer aer = cs.aer().orElseThrow();
        assertEquals(List.of("CmpltTO"), aer.uncorrectableErrors());
        assertEquals(List.of("RxErr"), aer.correctableErrors());
        assertEquals(0x2000, aer.correctableMask());
        Ltr ltr = cs.ltr().orElseThrow();
        assertEquals(3L * 1024 * 1024, ltr.maxSnoopLatencyNs().getAsLong());
        L1PmSubstates l1 = cs.l1PmSubstates().orElseThrow();
        assertTrue(l1.aspmL12Supported() && l1.substatesSupported() && l1.pciPmL11Supported());
        assertTrue(l1.aspmL11Enabled() && l1.aspmL12Enabled());
        assertEquals(40, l1.portCommonModeRestoreTimeUs());
        assertEquals(10, l1.portPowerOnTimeUs().getAsInt());
        assertEquals(50L * 1024, l1.ltrL12ThresholdNs().getAsLong(), "value 50, scale 2 (1024 ns)");
        assertEquals(40, l1.commonModeRestoreTimeUs());
        assertEquals(10, l1.powerOnTimeUs().getAsInt());
        assertTrue(cs.complete(), cs.findings() + " " + cs.missing());
    }

    @Test
    void rootPortIsNeverDowngradedAndLimitsTheWidth() throws Exception {
        ConfigSpace rp = ConfigSpace.decode(ConfigBytes.rk3588RootPort(256).b);
        assertEquals(new Header.BridgeBuses(0x30, 0x31, 0x31), rp.header().buses().orElseThrow());
        PciExpress.Link slot = rp.link().orElseThrow();
        assertEquals(PortType.ROOT_PORT, rp.express().orElseThrow().portType());
        assertEquals(LinkSpeed.GT_8, slot.maxSpeed());
        assertTrue(slot.dataLinkActive());
        assertFalse(slot.speedDowngraded(), "a root port's LnkCap is what it offers");
        assertEquals(List.of("extended capabilities (0x100-0xfff): only 256 bytes read"), rp.missing());
        assertEquals("2.5-8GT/s", LspciConformance.lnkCap2Label(rp.express().orElseThrow().supportedSpeedsVector(), ""));

        PciExpress.Link card = ConfigSpace.decode(ConfigBytes.ax650n(256).b).link().orElseThrow();
        LinkLimit limit = LinkLimit.of(card, slot);
        assertEquals(LinkLimit.Limiter.SLOT, limit.width().limiter());
        assertEquals("card supports x2, slot provides x1", limit.width().text());
        assertEquals(LinkLimit.Limiter.CARD, limit.speed().limiter());
        assertEquals("card supports 5GT/s, slot provides 8GT/s: the card is the limit", limit.speed().text());
        assertEquals(500.0, limit.current().orElseThrow().megabytesPerSecond(), 1e-9);
        assertEquals(500.0, limit.attainable().orElseThrow().megabytesPerSecond(), 1e-9);
        assertEquals(1000.0, limit.cardCapable().orElseThrow().megabytesPerSecond(), 1e-9);
    }

    @Test
    void linkTrainedBelowBothEnds() throws Exception {
        PciExpress.Link card = ConfigSpace.decode(ConfigBytes.ax650n(256).u16(0x82, 0x0011).b).link().orElseThrow();
        PciExpress.Link slot = ConfigSpace.decode(ConfigBytes.rk3588RootPort(256).u32(0x7c, 0x0040_0c22).b).link().orElseThrow();
        LinkLimit limit = LinkLimit.of(card, slot);
        assertEquals(LinkLimit.Limiter.TRAINED_BELOW_BOTH, limit.speed().limiter());
        assertEquals("link speed 2.5GT/s is below what both ends support (card 5GT/s, slot 5GT/s)", limit.speed().text());
        assertEquals(LinkLimit.Limiter.TRAINED_BELOW_BOTH, limit.width().limiter());
        assertTrue(card.speedDowngraded());
        PciExpress.Link full = ConfigSpace.decode(ConfigBytes.ax650n(256).u16(0x82, 0x0022).b).link().orElseThrow();
        LinkLimit same = LinkLimit.of(full, full);
        assertEquals(LinkLimit.Limiter.NONE, same.width().limiter());
        assertEquals("link runs at x2, the most both ends support", same.width().text());
    }

    @Test
    void bandwidthPerSpeed() {
        assertEquals(250.0, new LinkBandwidth(LinkSpeed.GT_2_5, 1).megabytesPerSecond(), 1e-9);
        assertEquals(1000.0, new LinkBandwidth(LinkSpeed.GT_5, 2).megabytesPerSecond(), 1e-9);
        assertEquals(8000.0 * 128 / 130 / 8 * 4, new LinkBandwidth(LinkSpeed.GT_8, 4).megabytesPerSecond(), 1e-6);
        assertEquals(3938.46, new LinkBandwidth(LinkSpeed.GT_8, 4).megabytesPerSecond(), 0.01);
        assertEquals(31507.69, new LinkBandwidth(LinkSpeed.GT_16, 16).megabytesPerSecond(), 0.01);
        assertEquals(3938.46, new LinkBandwidth(LinkSpeed.GT_32, 1).megabytesPerSecond(), 0.01);
        assertEquals(8000.0, new LinkBandwidth(LinkSpeed.GT_64, 1).megabytesPerSecond(), 1e-9);
        assertEquals(4.0, new LinkBandwidth(LinkSpeed.GT_5, 1).gigabitsPerSecond(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new LinkBandwidth(LinkSpeed.GT_5, 0));
    }

    @Test
    void sixtyFourBytesDecodeTheHeaderAndSayWhatIsMissing() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(Arrays.copyOf(ConfigBytes.ax650n(256).b, 64));
        assertEquals("1f4b:0650", cs.header().id());
        assertEquals(CapabilityChain.End.UNREADABLE, cs.capabilities().end());
        assertEquals(0x40, cs.capabilities().endOffset());
        assertTrue(cs.express().isEmpty());
        assertEquals(List.of("capabilities from 0x40 on (only 64 bytes read)"), cs.missing());
        assertFalse(cs.complete());
    }

    @Test
    void expressCapabilityCutShortIsDecodedAsFarAsItGoes() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(Arrays.copyOf(ConfigBytes.ax650n(256).b, 0x80));
        PciExpress e = cs.express().orElseThrow();
        assertTrue(e.device().isPresent());
        assertTrue(e.link().isEmpty());
        assertTrue(cs.missing().contains("PCI Express link registers at 0x7c"), cs.missing().toString());
    }

    @Test
    void unusableInputIsTheOneException() {
        ConfigSpaceException e = assertThrows(ConfigSpaceException.class, () -> ConfigSpace.decode(new byte[63]));
        assertEquals("config space too short: 63 bytes, the 64-byte standard header is needed", e.getMessage());
        assertThrows(ConfigSpaceException.class, () -> ConfigSpace.decode(new byte[0]));
        assertThrows(NullPointerException.class, () -> ConfigSpace.decode(null));
    }

    @Test
    void bytesBeyond4096AreIgnoredWithAFinding() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(Arrays.copyOf(ConfigBytes.ax650n(4096).b, 5000));
        assertEquals(4096, cs.length());
        assertEquals(List.of("904 bytes beyond 4096 ignored"), cs.findings());
    }

    @Test
    void loopingChainEndsWithAFinding() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(ConfigBytes.ax650n(256).cap(0x70, 0x10, 0x40).b);
        assertEquals(CapabilityChain.End.LOOPED, cs.capabilities().end());
        assertEquals(0x40, cs.capabilities().endOffset());
        assertEquals(3, cs.capabilities().entries().size());
        assertEquals(List.of("capability list loops back to 0x40"), cs.findings());

        ConfigSpace self = ConfigSpace.decode(ConfigBytes.ax650n(256).cap(0x40, 0x01, 0x40).b);
        assertEquals(1, self.capabilities().entries().size());
        assertEquals(CapabilityChain.End.LOOPED, self.capabilities().end());
    }

    @Test
    void brokenChainAndPointersIntoTheHeader() throws Exception {
        ConfigSpace broken = ConfigSpace.decode(ConfigBytes.ax650n(256).u8(0x50, 0xff).b);
        assertEquals(CapabilityChain.End.BROKEN, broken.capabilities().end());
        assertEquals(0x50, broken.capabilities().endOffset());
        assertTrue(broken.express().isEmpty());
        assertTrue(broken.findings().get(0).startsWith("capability list broken at 0x50"));

        // low two bits of a pointer are ignored, as the spec and lspci do
        ConfigSpace header = ConfigSpace.decode(ConfigBytes.ax650n(256).u8(0x34, 0x13).u8(0x10, 0x01).u8(0x11, 0x00).b);
        assertEquals(0x10, header.capabilities().entries().get(0).offset());
        assertEquals(List.of("capability pointer 0x10 points into the standard header"), header.findings());

        ConfigSpace zero = ConfigSpace.decode(ConfigBytes.ax650n(256).u8(0x34, 0x00).b);
        assertTrue(zero.capabilities().entries().isEmpty());
        assertEquals(1, zero.findings().size());

        ConfigSpace noList = ConfigSpace.decode(ConfigBytes.ax650n(256).u16(0x06, 0).b);
        assertEquals(CapabilityChain.End.ABSENT, noList.capabilities().end());
        assertTrue(noList.complete());
    }

    @Test
    void extendedChainPointingBackwards() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(ConfigBytes.ax650n(4096).ext(0x150, 0x001e, 1, 0x100).b);
        assertEquals(CapabilityChain.End.LOOPED, cs.extendedCapabilities().end());
        assertEquals(0x100, cs.extendedCapabilities().endOffset());
        assertEquals(3, cs.extendedCapabilities().entries().size());

        ConfigSpace empty = ConfigSpace.decode(ConfigBytes.ax650n(4096).ext(0x150, 0x001e, 1, 0x200).b);
        assertEquals(CapabilityChain.End.EMPTY_HEADER, empty.extendedCapabilities().end());
        assertEquals(List.of("extended capability list broken at 0x200 (empty header 00000000)"), empty.findings());

        ConfigSpace below = ConfigSpace.decode(ConfigBytes.ax650n(4096).ext(0x150, 0x001e, 1, 0x040).b);
        assertTrue(below.findings().contains("extended capability pointer 0x040 points below 0x100"), below.findings().toString());
        // followed as lspci does: the PM capability's dword at 0x40 reads as ID 0x5001, next 0
        Capability last = below.extendedCapabilities().entries().get(3);
        assertEquals(0x40, last.offset());
        assertEquals(0x5001, last.id());
        assertEquals(CapabilityChain.End.COMPLETE, below.extendedCapabilities().end());

        ConfigSpace cut = ConfigSpace.decode(Arrays.copyOf(ConfigBytes.ax650n(4096).b, 0x150));
        assertEquals(CapabilityChain.End.UNREADABLE, cut.extendedCapabilities().end());
        assertEquals(List.of("extended capabilities from 0x150 on (only 336 bytes read)"), cut.missing());
        assertTrue(cut.aer().isPresent());
        assertTrue(cut.l1PmSubstates().isEmpty());
    }

    @Test
    void noExtendedListWithoutExpressOrPciX() throws Exception {
        byte[] b = ConfigBytes.ax650n(4096).cap(0x50, 0x05, 0x00).b;
        ConfigSpace cs = ConfigSpace.decode(b);
        assertTrue(cs.express().isEmpty());
        assertEquals(CapabilityChain.End.ABSENT, cs.extendedCapabilities().end());
        assertTrue(cs.aer().isEmpty());
    }

    @Test
    void headerLayouts() throws Exception {
        ConfigSpace unknown = ConfigSpace.decode(ConfigBytes.ax650n(256).u8(0x0e, 0x85).b);
        assertEquals(5, unknown.header().layout());
        assertTrue(unknown.header().multiFunction());
        assertEquals(CapabilityChain.End.ABSENT, unknown.capabilities().end());
        assertEquals(List.of("unknown header layout 5: capability list not walked"), unknown.findings());

        ConfigSpace cardbus = ConfigSpace.decode(new ConfigBytes(256).u16(0x06, 0x10).u8(0x0e, 0x02)
                .u8(0x14, 0x80).u8(0x18, 1).u8(0x19, 2).u8(0x1a, 3).cap(0x80, 0x01, 0).b);
        assertEquals(new Header.BridgeBuses(1, 2, 3), cardbus.header().buses().orElseThrow());
        assertEquals(0x80, cardbus.capabilities().entries().get(0).offset());
    }

    @Test
    void reservedCodesHaveNamesAndNoBandwidth() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(ConfigBytes.ax650n(256).u16(0x72, 0x00f2).u32(0x7c, 0x0000_002f).u16(0x82, 0x0000).b);
        PciExpress e = cs.express().orElseThrow();
        assertEquals("Unknown type 15", e.portTypeLabel());
        PciExpress.Link l = e.link().orElseThrow();
        assertEquals("unknown", LinkSpeed.labelOf(l.maxSpeedCode()));
        assertTrue(l.capableBandwidth().isEmpty());
        assertTrue(l.currentBandwidth().isEmpty(), "link down");
        assertTrue(l.widthDowngraded(), "lspci calls a down link downgraded too");
        assertEquals(LinkLimit.Limiter.INCONSISTENT, LinkLimit.of(l, l).speed().limiter());
        assertEquals("Unknown 0x0099", CapabilityNames.extended(0x99));
        assertEquals("Flattening Portal Bridge", CapabilityNames.standard(0x15));
    }

    @Test
    void modelIsImmutable() throws Exception {
        ConfigSpace cs = ConfigSpace.decode(ConfigBytes.ax650n(256).b);
        assertThrows(UnsupportedOperationException.class, () -> cs.capabilities().entries().clear());
        assertThrows(UnsupportedOperationException.class, () -> cs.missing().clear());
    }
}
