package ax650n.tuning.pci;

import java.util.List;
import java.util.Optional;

/**
 * A decoded PCI/PCIe configuration space: pure and immutable, bytes in, model out.
 *
 * <p>{@link #decode(byte[])} accepts any array of at least 64 bytes (the standard header).
 * 64 bytes is what a non-root reader of sysfs {@code config} gets, 256 the conventional space,
 * 4096 the extended space; other lengths (a hex dump that stops mid-way) work as well. What lies
 * beyond the bytes given is listed in {@link #missing()}; what is malformed (a looping or broken
 * capability chain, pointers into the header) in {@link #findings()}. Bytes beyond 4096 are
 * ignored with a finding. The decoder walks capability lists with a visited set and a hop
 * limit, so it always terminates, and it throws nothing but {@link ConfigSpaceException} for an
 * input shorter than 64 bytes.
 *
 * <p>The walk follows lspci (pciutils) where the two could differ: standard capabilities are
 * walked for header layouts 0, 1 and 2; extended ones only when a PCI Express or PCI-X
 * capability is present; pointers are followed even where the spec forbids them (into the
 * header), and reported as findings.
 *
 * @param length                 bytes decoded (at most 4096)
 * @param capabilities           the standard capability list from 0x34 (0x14 for CardBus)
 * @param extendedCapabilities   the extended list from 0x100
 * @param express                the first PCI Express capability
 * @param msi                    the first MSI capability
 * @param msix                   the first MSI-X capability
 * @param powerManagement        the first Power Management capability
 * @param aer                    the first AER capability whose registers were read
 * @param ltr                    the first LTR capability whose registers were read
 * @param l1PmSubstates          the first L1 PM Substates capability whose registers were read
 * @param findings               anomalies, one sentence each
 * @param missing                parts not decoded because the bytes end before them
 */
public record ConfigSpace(int length, Header header, CapabilityChain capabilities,
        CapabilityChain extendedCapabilities, Optional<PciExpress> express, Optional<Msi> msi,
        Optional<MsiX> msix, Optional<PowerManagement> powerManagement, Optional<Aer> aer,
        Optional<Ltr> ltr, Optional<L1PmSubstates> l1PmSubstates, List<String> findings,
        List<String> missing) {

    /** Size of the standard header; the least {@link #decode(byte[])} accepts. */
    public static final int HEADER_SIZE = 64;
    /** Size of conventional PCI config space. */
    public static final int CONVENTIONAL_SIZE = 256;
    /** Size of PCI Express extended config space. */
    public static final int EXTENDED_SIZE = 4096;

    public ConfigSpace {
        findings = List.copyOf(findings);
        missing = List.copyOf(missing);
    }

    /**
     * Decodes config space bytes as read from sysfs {@code config} or a hex dump.
     *
     * @throws ConfigSpaceException when fewer than 64 bytes are given
     * @throws NullPointerException when {@code bytes} is null
     */
    public static ConfigSpace decode(byte[] bytes) throws ConfigSpaceException {
        return new ConfigSpaceDecoder(bytes).decode();
    }

    /** Whether all capability chains ended normally and nothing was missing. */
    public boolean complete() {
        return findings.isEmpty() && missing.isEmpty();
    }

    /** The first standard capability with this ID. */
    public Optional<Capability> capability(int id) {
        for (Capability c : capabilities.entries()) {
            if (c.id() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The link registers of the Express capability, when present and read. */
    public Optional<PciExpress.Link> link() {
        return express.isPresent() ? express.get().link() : Optional.empty();
    }
}
