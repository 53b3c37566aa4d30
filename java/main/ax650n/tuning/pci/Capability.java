package ax650n.tuning.pci;

/**
 * One entry of a capability list.
 *
 * @param offset   where it sits in config space
 * @param id       capability ID (8 bits for the standard list, 16 bits for extended ones)
 * @param version  the extended capability version (bits 19:16 of its header); 0 for standard ones
 * @param extended whether it comes from the extended list at 0x100
 * @param name     a human name for the ID ("Unknown" plus the ID for unassigned ones)
 */
public record Capability(int offset, int id, int version, boolean extended, String name) {

    @Override
    public String toString() {
        return extended
                ? String.format("[%03x] %s (ext 0x%04x v%d)", offset, name, id, version)
                : String.format("[%02x] %s (0x%02x)", offset, name, id);
    }
}
