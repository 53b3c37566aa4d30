package ax650n.tuning.pci;

import ax650n.tuning.sys.Ascii;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The work behind {@link ConfigSpace#decode(byte[])}: one instance per decode. */
final class ConfigSpaceDecoder {
    static final int CAP_ID_PM = 0x01;
    static final int CAP_ID_MSI = 0x05;
    static final int CAP_ID_PCIX = 0x07;
    static final int CAP_ID_EXP = 0x10;
    static final int CAP_ID_MSIX = 0x11;
    static final int EXT_ID_AER = 0x01;
    static final int EXT_ID_LTR = 0x18;
    static final int EXT_ID_L1PM = 0x1e;
    /** Dword slots in conventional space: more hops than this means a loop the set missed. */
    static final int STANDARD_HOP_LIMIT = 64;
    /** Dword slots in the whole 4 KiB: the same guard for the extended list. */
    static final int EXTENDED_HOP_LIMIT = 1024;

    private final byte[] b;
    private final int n;
    private final List<String> findings = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    ConfigSpaceDecoder(byte[] bytes) throws ConfigSpaceException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < ConfigSpace.HEADER_SIZE) {
            throw new ConfigSpaceException("config space too short: " + bytes.length
                    + " bytes, the 64-byte standard header is needed");
        }
        this.b = bytes;
        this.n = Math.min(bytes.length, ConfigSpace.EXTENDED_SIZE);
        if (bytes.length > ConfigSpace.EXTENDED_SIZE) {
            findings.add((bytes.length - ConfigSpace.EXTENDED_SIZE) + " bytes beyond 4096 ignored");
        }
    }

    private boolean has(int off, int len) {
        return off >= 0 && len >= 0 && off <= n - len;
    }

    private int u8(int off) {
        return b[off] & 0xff;
    }

    private int u16(int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private int u32(int off) {
        return u16(off) | u16(off + 2) << 16;
    }

    ConfigSpace decode() {
        Header header = header();
        int layout = header.layout();
        CapabilityChain caps;
        if (!header.capabilityList()) {
            caps = CapabilityChain.absent();
        } else if (layout > 2) {
            findings.add("unknown header layout " + layout + ": capability list not walked");
            caps = CapabilityChain.absent();
        } else if (layout == 2 && n < 128) {
            // a CardBus header is 128 bytes; lspci too stops here without walking the list
            missing.add("CardBus bridge registers 0x40-0x7f and the capability list (only " + n + " bytes read)");
            caps = CapabilityChain.absent();
        } else {
            caps = walkStandard(header.capabilityPointer());
        }

        Optional<PciExpress> express = Optional.empty();
        Optional<Msi> msi = Optional.empty();
        Optional<MsiX> msix = Optional.empty();
        Optional<PowerManagement> pm = Optional.empty();
        boolean extendedPossible = false;
        for (Capability c : caps.entries()) {
            switch (c.id()) {
                case CAP_ID_EXP:
                    extendedPossible = true;
                    if (express.isEmpty()) {
                        express = Optional.of(express(c.offset()));
                    } else {
                        findings.add("second PCI Express capability at 0x" + Ascii.hex(c.offset(), 2) + " ignored");
                    }
                    break;
                case CAP_ID_PCIX:
                    extendedPossible = true;
                    break;
                case CAP_ID_MSI:
                    if (msi.isEmpty()) {
                        msi = Optional.of(new Msi(c.offset(), u16(c.offset() + 2)));
                    }
                    break;
                case CAP_ID_MSIX:
                    if (msix.isEmpty()) {
                        msix = Optional.of(new MsiX(c.offset(), u16(c.offset() + 2)));
                    }
                    break;
                case CAP_ID_PM:
                    if (pm.isEmpty()) {
                        OptionalInt pmcsr = has(c.offset() + 4, 4) ? OptionalInt.of(u16(c.offset() + 4)) : OptionalInt.empty();
                        if (pmcsr.isEmpty()) {
                            missing.add("Power Management control/status at 0x" + Ascii.hex(c.offset() + 4, 2));
                        }
                        pm = Optional.of(new PowerManagement(c.offset(), u16(c.offset() + 2), pmcsr));
                    }
                    break;
                default:
                    break;
            }
        }

        CapabilityChain ext = CapabilityChain.absent();
        Optional<Aer> aer = Optional.empty();
        Optional<Ltr> ltr = Optional.empty();
        Optional<L1PmSubstates> l1pm = Optional.empty();
        if (extendedPossible) {
            if (!has(0x100, 4)) {
                missing.add("extended capabilities (0x100-0xfff): only " + n + " bytes read");
            } else {
                ext = walkExtended();
                for (Capability c : ext.entries()) {
                    int o = c.offset();
                    if (c.id() == EXT_ID_AER && aer.isEmpty()) {
                        if (has(o + 4, 40)) {
                            aer = Optional.of(new Aer(o, u32(o + 4), u32(o + 8), u32(o + 12), u32(o + 16), u32(o + 20), u32(o + 24)));
                        } else {
                            missing.add("AER registers at 0x" + Ascii.hex(o + 4, 3));
                        }
                    } else if (c.id() == EXT_ID_LTR && ltr.isEmpty()) {
                        if (has(o + 4, 4)) {
                            ltr = Optional.of(new Ltr(o, u16(o + 4), u16(o + 6)));
                        } else {
                            missing.add("LTR registers at 0x" + Ascii.hex(o + 4, 3));
                        }
                    } else if (c.id() == EXT_ID_L1PM && l1pm.isEmpty()) {
                        if (has(o + 4, 12)) {
                            l1pm = Optional.of(new L1PmSubstates(o, u32(o + 4), u32(o + 8), u32(o + 12)));
                        } else {
                            missing.add("L1 PM Substates registers at 0x" + Ascii.hex(o + 4, 3));
                        }
                    }
                }
            }
        }
        return new ConfigSpace(n, header, caps, ext, express, msi, msix, pm, aer, ltr, l1pm, findings, missing);
    }

    private Header header() {
        int headerType = u8(0x0e);
        int layout = headerType & 0x7f;
        Optional<Header.BridgeBuses> buses = layout == 1 || layout == 2
                ? Optional.of(new Header.BridgeBuses(u8(0x18), u8(0x19), u8(0x1a)))
                : Optional.empty();
        int capPtr = u8(layout == 2 ? 0x14 : 0x34);
        return new Header(u16(0), u16(2), u16(4), u16(6), u8(8), u8(9), u8(10), u8(11), headerType, buses, capPtr);
    }

    private CapabilityChain walkStandard(int pointer) {
        List<Capability> out = new ArrayList<>();
        boolean[] visited = new boolean[256];
        int where = pointer & ~3;
        if (where == 0) {
            findings.add("status says a capability list is present, but the capability pointer is 0");
            return new CapabilityChain(out, CapabilityChain.End.COMPLETE, -1);
        }
        int hops = 0;
        while (where != 0) {
            CapabilityChain stopped = stopped(out, ++hops, STANDARD_HOP_LIMIT, where, false);
            if (stopped != null) {
                return stopped;
            }
            if (visited[where]) {
                findings.add("capability list loops back to 0x" + Ascii.hex(where, 2));
                return new CapabilityChain(out, CapabilityChain.End.LOOPED, where);
            }
            visited[where] = true;
            int id = u8(where);
            if (id == 0xff) {
                findings.add("capability list broken at 0x" + Ascii.hex(where, 2) + " (ID 0xff: device gone or bad pointer)");
                return new CapabilityChain(out, CapabilityChain.End.BROKEN, where);
            }
            if (where < ConfigSpace.HEADER_SIZE) {
                findings.add("capability pointer 0x" + Ascii.hex(where, 2) + " points into the standard header");
            }
            out.add(new Capability(where, id, 0, false, CapabilityNames.standard(id)));
            where = u8(where + 1) & ~3;
        }
        return new CapabilityChain(out, CapabilityChain.End.COMPLETE, -1);
    }

    /** The end of a walk past its hop limit or at an entry beyond the bytes read; null while it may go on. */
    private CapabilityChain stopped(List<Capability> out, int hops, int limit, int where, boolean extended) {
        String list = extended ? "extended " : "";
        String at = "0x" + Ascii.hex(where, extended ? 3 : 2);
        if (hops > limit) {
            findings.add(list + "capability list longer than " + limit + " entries; stopped at " + at);
            return new CapabilityChain(out, CapabilityChain.End.HOP_LIMIT, where);
        }
        if (!has(where, 4)) {
            missing.add(list + "capabilities from " + at + " on (only " + n + " bytes read)");
            return new CapabilityChain(out, CapabilityChain.End.UNREADABLE, where);
        }
        return null;
    }

    private CapabilityChain walkExtended() {
        List<Capability> out = new ArrayList<>();
        Set<Integer> visited = new HashSet<>();
        int where = 0x100;
        int hops = 0;
        do {
            CapabilityChain stopped = stopped(out, ++hops, EXTENDED_HOP_LIMIT, where, true);
            if (stopped != null) {
                return stopped;
            }
            int header = u32(where);
            if (header == 0 || header == 0xffffffff) {
                if (where != 0x100) {
                    findings.add("extended capability list broken at 0x" + Ascii.hex(where, 3) + " (empty header "
                            + Ascii.hex(header, 8) + ")");
                }
                return new CapabilityChain(out, out.isEmpty() && where == 0x100 ? CapabilityChain.End.COMPLETE
                        : CapabilityChain.End.EMPTY_HEADER, where == 0x100 ? -1 : where);
            }
            if (!visited.add(where)) {
                findings.add("extended capability list loops back to 0x" + Ascii.hex(where, 3));
                return new CapabilityChain(out, CapabilityChain.End.LOOPED, where);
            }
            if (where < ConfigSpace.CONVENTIONAL_SIZE) {
                findings.add("extended capability pointer 0x" + Ascii.hex(where, 3) + " points below 0x100");
            }
            int id = header & 0xffff;
            out.add(new Capability(where, id, (header >>> 16) & 0xf, true, CapabilityNames.extended(id)));
            where = (header >>> 20) & ~3;
        } while (where != 0);
        return new CapabilityChain(out, CapabilityChain.End.COMPLETE, -1);
    }

    private PciExpress express(int where) {
        int flags = u16(where + 2);
        int type = (flags >> 4) & 0xf;
        PortType portType = PortType.fromCode(type);
        if (portType == null) {
            findings.add("PCI Express capability at 0x" + Ascii.hex(where, 2) + " has reserved port type " + type);
        }
        Optional<PciExpress.Device> device = Optional.empty();
        if (has(where + 4, 8)) {
            device = Optional.of(new PciExpress.Device(u32(where + 4), u16(where + 8), u16(where + 10)));
        } else {
            missing.add("PCI Express device registers at 0x" + Ascii.hex(where + 4, 2));
        }
        Optional<PciExpress.Link> link = Optional.empty();
        boolean hasLink = portType == null || portType.hasLink();
        if (hasLink) {
            if (has(where + 12, 8)) {
                link = Optional.of(new PciExpress.Link(type, u32(where + 12), u16(where + 16), u16(where + 18)));
            } else {
                missing.add("PCI Express link registers at 0x" + Ascii.hex(where + 12, 2));
            }
        }
        OptionalInt linkCap2 = OptionalInt.empty();
        if ((flags & 0xf) >= 2 && hasLink) {
            if (has(where + 0x2c, 4)) {
                linkCap2 = OptionalInt.of(u32(where + 0x2c));
            } else {
                missing.add("PCI Express LnkCap2 at 0x" + Ascii.hex(where + 0x2c, 2));
            }
        }
        return new PciExpress(where, flags, device, link, linkCap2);
    }
}
