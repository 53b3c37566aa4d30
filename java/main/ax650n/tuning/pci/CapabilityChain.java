package ax650n.tuning.pci;

import java.util.List;

/**
 * A walked capability list and how the walk ended.
 *
 * @param entries   the capabilities in chain order
 * @param end       why the walk stopped
 * @param endOffset the offset the walk stopped at (the looping, broken, unreadable or empty
 *                  entry); -1 when the chain ended normally or was absent
 */
public record CapabilityChain(List<Capability> entries, End end, int endOffset) {

    public CapabilityChain {
        entries = List.copyOf(entries);
    }

    public enum End {
        /** No list: status bit CapList clear, no PCIe/PCI-X capability for the extended list, or bytes not read. */
        ABSENT,
        /** A next pointer of 0 ended the chain. */
        COMPLETE,
        /** A next pointer led back to an entry already visited (lspci: "chain looped"). */
        LOOPED,
        /** Standard list: an entry with ID 0xff (lspci: "chain broken", e.g. a device gone away). */
        BROKEN,
        /** Extended list: a header of 0 or 0xffffffff after the first entry ended it. */
        EMPTY_HEADER,
        /** The pointer leads beyond the bytes that were read (lspci: "access denied"). */
        UNREADABLE,
        /** More hops than config space has slots; cannot happen with the visited set, kept as a guard. */
        HOP_LIMIT
    }

    static CapabilityChain absent() {
        return new CapabilityChain(List.of(), End.ABSENT, -1);
    }
}
